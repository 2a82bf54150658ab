package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * {@link LossKernels} on the device, from {@code losses.cl}: one work-item per row computes the
 * row (in double where the device has it, as the reference does), then one work-item adds the rows
 * up in order, so losses and counts are the same run to run. Scores are viewed as {@code [rows,
 * classes]} as GEMM views them.
 *
 * <p>A loss also checks its labels, and throws as the reference backend does. Labels uploaded or
 * written from the host are summarised as they go up ({@link HostValues}); while no kernel has
 * had their buffer since, that summary answers and nothing moves. Otherwise the device notes the
 * first row whose label is not a class index and the host reads that note back (two floats).
 * {@link #argmax} and {@link #accumulateCorrect} move nothing (an invalid label simply never
 * counts as right).
 */
final class OpenClLosses implements LossKernels {
  private static final String SOURCE = "losses.cl";

  private final OpenClBackend backend;

  OpenClLosses(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void softmax(Volume scores, Volume probabilities) {
    OpenClVolume s = backend.own(scores, "softmax scores");
    OpenClVolume p = backend.own(probabilities, "softmax probabilities").requireSize(s.size(), "softmax probabilities");
    int rows = rows(s);
    // Each row's probabilities are written by the work-item that read the row, so p may be the scores.
    kernel("softmax_rows").call().arg(s.mem()).arg(p.mem()).arg(rows).arg(classes(s)).launch(rows);
  }

  @Override
  public void softmaxCrossEntropy(Volume scores, Volume labels, Volume loss, Volume dScores) {
    OpenClVolume s = scores(scores, "softmaxCrossEntropy");
    OpenClVolume l = labels(labels, s, "softmaxCrossEntropy");
    OpenClVolume out = scalar(loss, "softmaxCrossEntropy loss");
    OpenClVolume d = gradient(dScores, s, "softmaxCrossEntropy dScores");
    meanOfRows(s, l, out, rowLosses -> kernel("cross_entropy_rows").call().arg(s.mem()).arg(l.labelsMem())
        .arg(rowLosses).arg(d == null ? s.mem() : d.mem()).arg(d == null ? 0 : 1).arg(rows(s)).arg(classes(s)).launch(rows(s)));
  }

  @Override
  public void multiclassHinge(Volume scores, Volume labels, float margin, Volume loss, Volume dScores) {
    OpenClVolume s = scores(scores, "multiclassHinge");
    OpenClVolume l = labels(labels, s, "multiclassHinge");
    OpenClVolume out = scalar(loss, "multiclassHinge loss");
    OpenClVolume d = gradient(dScores, s, "multiclassHinge dScores");
    meanOfRows(s, l, out, rowLosses -> kernel("hinge_rows").call().arg(s.mem()).arg(l.labelsMem()).arg(margin)
        .arg(rowLosses).arg(d == null ? s.mem() : d.mem()).arg(d == null ? 0 : 1).arg(rows(s)).arg(classes(s))
        .launch(rows(s)));
  }

  @Override
  public void argmax(Volume scores, Volume indices) {
    OpenClVolume s = scores(scores, "argmax");
    int rows = rows(s);
    OpenClVolume out = backend.own(indices, "argmax indices").requireSize(rows, "argmax indices (one per row)");
    if (!s.sharesStorageWith(out)) {
      kernel("argmax_rows").call().arg(s.mem()).arg(out.mem()).arg(rows).arg(classes(s)).launch(rows);
      return;
    }
    // Indices over their own scores: written apart, then copied, so no row is read after it was overwritten.
    try (Scratch apart = new Scratch(rows, "argmax indices")) {
      kernel("argmax_rows").call().arg(s.mem()).arg(apart.mem).arg(rows).arg(classes(s)).launch(rows);
      backend.session().copy(apart.mem, out.mem(), rows);
    }
  }

  @Override
  public void accumulateCorrect(Volume scores, Volume labels, Volume correct) {
    OpenClVolume s = scores(scores, "accumulateCorrect");
    OpenClVolume l = labels(labels, s, "accumulateCorrect");
    OpenClVolume count = scalar(correct, "accumulateCorrect correct");
    int rows = rows(s);
    try (Scratch right = new Scratch(rows, "accumulateCorrect's row results")) {
      kernel("correct_rows").call().arg(s.mem()).arg(l.labelsMem()).arg(right.mem).arg(rows).arg(classes(s))
          .launch(rows);
      kernel("add_correct").call().arg(right.mem).arg(rows).arg(count.mem()).launch(1);
    }
  }

  /**
   * Runs {@code rowKernel} (given a buffer for one loss per row) and the mean of its rows into
   * {@code loss}, then reads back whether every label was a class index and throws if not. Labels
   * the host wrote and no kernel touched since were checked as they were written: no read.
   */
  private void meanOfRows(OpenClVolume scores, OpenClVolume labels, OpenClVolume loss,
      Consumer<cl_mem> rowKernel) {
    int rows = rows(scores);
    int classes = classes(scores);
    float[] status = new float[2];
    // Two floats a row: room for a double per row loss.
    try (Scratch rowLosses = new Scratch(2L * rows, "the loss of each row");
        Scratch note = new Scratch(2, "the label check")) {
      rowKernel.accept(rowLosses.mem);
      kernel("mean_of_rows").call().arg(rowLosses.mem).arg(labels.labelsMem()).arg(rows).arg(classes).arg(loss.mem())
          .arg(note.mem).launch(1);
      if (labels.knownClassIndices(classes)) {
        return;
      }
      backend.session().read(note.mem, status);
    }
    if (status[0] >= 0) {
      float label = status[1];
      throw new ConvoyException("label " + label + " of row " + (int) status[0] + " is not a class index in [0, "
          + classes + "); labels must be whole numbers 0.." + (classes - 1) + " for " + classes + " classes");
    }
  }

  /** Scores with at least one class per row, or a clear error (argmax of nothing is undefined). */
  private OpenClVolume scores(Volume scores, String kernel) {
    OpenClVolume s = backend.own(scores, kernel + " scores");
    if (rows(s) > 0 && classes(s) == 0) {
      throw new ShapeException(kernel + " scores " + s.shape() + " have no classes");
    }
    return s;
  }

  private OpenClVolume labels(Volume labels, OpenClVolume scores, String kernel) {
    return backend.own(labels, kernel + " labels").requireSize(rows(scores),
        kernel + " labels (one class index per row)");
  }

  private OpenClVolume scalar(Volume v, String role) {
    return backend.own(v, role).requireSize(1, role + " (one value)");
  }

  private OpenClVolume gradient(Volume dScores, OpenClVolume scores, String role) {
    return dScores == null ? null : backend.own(dScores, role).requireSize(scores.size(), role);
  }

  private ClKernel kernel(String name) {
    return backend.programs().kernel(SOURCE, "", name);
  }

  private static int rows(OpenClVolume scores) {
    return scores.shape().matrixRows();
  }

  private static int classes(OpenClVolume scores) {
    return scores.shape().matrixColumns();
  }

  /** A device buffer for one call's intermediate values; OpenCL frees it once the commands using it have run. */
  private final class Scratch implements AutoCloseable {
    final cl_mem mem;

    Scratch(long floats, String what) {
      this.mem = backend.session().allocate(floats, what);
    }

    @Override
    public void close() {
      clReleaseMemObject(mem);
    }
  }
}
