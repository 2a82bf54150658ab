package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;
import java.util.Map;

/**
 * Accuracy and confusion matrix of a classifier over labelled batches; rows are true classes,
 * columns predicted classes. Runs inference only, so activations are freed as it goes. Each
 * batch's predictions come from the backend's argmax kernel: one value per image is read back, not
 * the scores.
 */
public record Evaluation(int[][] confusion, int total, int correct) {

  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Evaluates output {@code scores} (shape {@code [N, K]}) of {@code model} on {@code data}. */
  public static Evaluation run(Model model, String scores, LabelledBatches data) {
    String input = model.network().inputs().getFirst().name();
    int classes = model.network().shape(scores).sizePerItem();
    int[][] confusion = new int[classes][classes];
    int[] totals = new int[2];
    Backend backend = model.backend();
    LossKernels losses = model.kernels().family(LossKernels.class);
    data.forEach(0, (images, labels, count) -> {
      Shape shape = itemBatch(data.itemShape(), count);
      // Full batches upload the reused array as it is; only a short last batch needs a trimmed copy.
      float[] exact = images.length == shape.intSize() ? images : java.util.Arrays.copyOf(images, shape.intSize());
      try (Volume x = backend.upload(shape, exact)) {
        Map<String, Volume> out = model.infer(Map.of(input, x), List.of(scores));
        try (Volume s = out.get(scores); Volume indices = backend.allocateForOverwrite(Shape.of(count))) {
          losses.argmax(s, indices);
          float[] predictions = indices.toArray();
          for (int n = 0; n < count; n++) {
            int predicted = (int) predictions[n];
            int truth = (int) labels[n];
            confusion[truth][predicted]++;
            totals[0]++;
            totals[1] += truth == predicted ? 1 : 0;
          }
        }
      }
    });
    return new Evaluation(confusion, totals[0], totals[1]);
  }

  static Shape itemBatch(Shape item, int count) {
    int[] dims = new int[item.rank() + 1];
    dims[0] = count;
    System.arraycopy(item.dims(), 0, dims, 1, item.rank());
    return Shape.of(dims);
  }
}
