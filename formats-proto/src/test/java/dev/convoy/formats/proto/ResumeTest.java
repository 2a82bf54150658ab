package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.BACKEND;
import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.runtime.LabelledBatches;
import dev.convoy.runtime.LearningRateSchedule;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Trainer;
import dev.convoy.runtime.TrainingListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #6: one epoch, saved, read back and trained one more epoch gives bit for bit the weights of
 * two epochs in one go; the network has dropout, so the step count matters as much as the optimizer state.
 */
class ResumeTest {
  private static final long SEED = 21;
  private static final int BATCH = 8;
  private static final Attributes LR = Attributes.empty().with("lr", 0.02f);

  @TempDir
  Path dir;

  /** 3-class synthetic 8x8x3 images, shuffled anew each epoch from (seed, epoch) only, as the real batcher does. */
  private record Synthetic(float[] images, float[] labels, boolean shuffle) implements LabelledBatches {
    static Synthetic of(int count, long seed, boolean shuffle) {
      Random random = new Random(seed);
      float[] images = new float[count * 192];
      float[] labels = new float[count];
      for (int n = 0; n < count; n++) {
        labels[n] = n % 3;
        for (int i = 0; i < 192; i++) {
          images[n * 192 + i] = (i / 64 == n % 3 ? 1f : 0f) + 0.5f * (float) random.nextGaussian();
        }
      }
      return new Synthetic(images, labels, shuffle);
    }

    @Override
    public Shape itemShape() {
      return Shape.of(3, 8, 8);
    }

    @Override
    public int size() {
      return labels.length;
    }

    @Override
    public int batchSize() {
      return BATCH;
    }

    @Override
    public void forEach(int epoch, BatchSink sink) {
      Integer[] order = new Integer[size()];
      Arrays.setAll(order, i -> i);
      if (shuffle) {
        java.util.Collections.shuffle(Arrays.asList(order), new Random(SEED * 31 + epoch));
      }
      for (int start = 0; start < size(); start += BATCH) {
        int count = Math.min(BATCH, size() - start);
        float[] x = new float[count * 192];
        float[] y = new float[count];
        for (int k = 0; k < count; k++) {
          System.arraycopy(images, order[start + k] * 192, x, k * 192, 192);
          y[k] = labels[order[start + k]];
        }
        sink.accept(x, y, count);
      }
    }
  }

  private static final Synthetic TRAIN = Synthetic.of(36, 1, true); // 5 batches, the last one partial
  private static final Synthetic TEST = Synthetic.of(12, 2, false);

  private static Network trainingNet() {
    return Fixtures.smallNet(BATCH).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
  }

  private static LearningRateSchedule schedule(Optimizer optimizer) {
    return LearningRateSchedule.step(optimizer.learningRate(), 1, 0.5f); // a different rate each epoch
  }

  private static Map<String, float[]> weights(Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      out.put(p.name(), p.value().toArray());
    }
    return out;
  }

  /** Epochs 1 and 2 in one run. */
  private static Map<String, float[]> straight(String optimizer) {
    try (Model model = Model.create(trainingNet(), BACKEND, SEED)) {
      Optimizer opt = REGISTRY.optimizerProvider(optimizer).create(optimizer, LR);
      new Trainer(model, opt, schedule(opt)).fit(TRAIN, TEST, 1, 2, new TrainingListener() {});
      return weights(model);
    }
  }

  /** Epoch 1, saved as train --out saves it. */
  private Path firstEpoch(String optimizer) {
    Path file = dir.resolve(optimizer + "-1.convoy");
    try (Model model = Model.create(trainingNet(), BACKEND, SEED)) {
      Optimizer opt = REGISTRY.optimizerProvider(optimizer).create(optimizer, LR);
      new Trainer(model, opt, schedule(opt)).fit(TRAIN, TEST, 1, 1, new TrainingListener() {});
      assertEquals(5, model.step());
      ConvoyCheckpoint.write(file, model, Map.of(), new TrainingState(1, model.step(), SEED),
          OptimizerState.of(optimizer, LR, opt));
    }
    return file;
  }

  /** Epoch 2 from the file; {@code tamper} may undo part of the restoring, to show that it matters. */
  private static Map<String, float[]> resumed(Path file, Consumer<Model> tamperModel, boolean withOptimizerState) {
    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
    TrainingState training = saved.trainingState().orElseThrow();
    assertEquals(new TrainingState(1, 5, SEED), training);
    OptimizerState state = saved.optimizerState().orElseThrow();
    try (Model model = saved.toModel(BACKEND)) {
      assertEquals(5, model.step(), "toModel restores the step count");
      tamperModel.accept(model);
      Optimizer opt = withOptimizerState ? state.resume(REGISTRY)
          : REGISTRY.optimizerProvider(state.name()).create(state.name(), state.hyperparameters());
      new Trainer(model, opt, schedule(opt)).fit(TRAIN, TEST, (int) training.epoch() + 1, 2,
          new TrainingListener() {});
      return weights(model);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"momentum", "adam"})
  void oneEpochSavedAndResumedForOneMoreIsBitIdenticalToTwoEpochs(String optimizer) {
    Map<String, float[]> expected = straight(optimizer);
    Path file = firstEpoch(optimizer);

    Map<String, float[]> actual = resumed(file, model -> {}, true);
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), optimizer + " " + name));

    // Each piece of restored state matters: without it the weights differ.
    Map<String, float[]> freshOptimizer = resumed(file, model -> {}, false);
    assertFalse(Arrays.equals(expected.get("fc2.weight"), freshOptimizer.get("fc2.weight")),
        optimizer + ": resuming without the optimizer state must not match");
    Map<String, float[]> stepZero = resumed(file, model -> model.step(0), true);
    assertFalse(Arrays.equals(expected.get("fc2.weight"), stepZero.get("fc2.weight")),
        optimizer + ": resuming with other dropout masks must not match");
  }

  @ParameterizedTest
  @ValueSource(strings = {"momentum", "adam"})
  void theSavedOptimizerStateIsNamedByParameterAndRefusedByAnotherOptimizer(String optimizer) {
    OptimizerState state = ConvoyCheckpoint.read(firstEpoch(optimizer), REGISTRY).optimizerState().orElseThrow();
    assertEquals(optimizer, state.name());
    assertEquals(LR, state.hyperparameters());
    String slot = optimizer.equals("adam") ? "exp_avg" : "momentum_buffer";
    assertEquals(Shape.of(4 * 3 * 3 * 3), state.tensors().get("conv1.weight/" + slot).shape());
    assertArrayEquals(new float[] {5, 0}, state.tensors().get("fc2.bias/step").values());

    String other = optimizer.equals("adam") ? "momentum" : "adam";
    OptimizerState wrong = new OptimizerState(other, Attributes.empty(), state.tensors());
    ConvoyException e = assertThrows(ConvoyException.class, () -> wrong.resume(REGISTRY));
    assertTrue(e.getMessage().startsWith("the saved state of optimizer " + other + " does not fit it"), e.getMessage());
  }
}
