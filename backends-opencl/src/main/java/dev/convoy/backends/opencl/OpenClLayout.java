package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.support.ChannelCopy;
import dev.convoy.api.support.ChannelLayout;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * {@link LayoutKernels} on the device, from {@code layout.cl}: a channel copy is one launch over
 * the values it moves, item by block; a transpose is reduced to its fewest axes ({@link OpenClLayoutPermutation})
 * and is then a plain buffer copy or one launch over y. Where source and destination share a buffer
 * the source is copied first, so no value is read after it was overwritten (as the reference allows).
 */
final class OpenClLayout implements LayoutKernels {
  private static final String SOURCE = "layout.cl";
  /** The most axes the transpose kernel takes; a reduced permutation has more only for exotic shapes. */
  private static final int MAX_AXES = 8;

  private final OpenClBackend backend;

  OpenClLayout(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels) {
    OpenClVolume from = backend.own(src, "copyChannels src");
    OpenClVolume to = backend.own(dst, "copyChannels dst");
    ChannelCopy copy = ChannelCopy.of(from.shape(), srcChannel, to.shape(), dstChannel, channels);
    ChannelLayout s = copy.src();
    ChannelLayout d = copy.dst();
    int block = channels * s.inner();
    if (block == 0 || s.items() == 0) {
      return;
    }
    // A block of values per item, so no work-item divides to find its item.
    withSourceApart(from, to, source -> kernel("copy_channels").call().arg(source).arg(s.channels()).arg(srcChannel)
        .arg(to.mem()).arg(d.channels()).arg(dstChannel).arg(s.inner()).arg(block)
        .launch(new long[] {block, s.items()}, null));
  }

  @Override
  public void transpose(Volume x, int[] perm, Volume y) {
    OpenClVolume in = backend.own(x, "transpose x");
    OpenClVolume out = backend.own(y, "transpose y");
    checkPermutation(perm, in.shape());
    int[] xDims = in.shape().dims();
    int[] yDims = new int[xDims.length];
    for (int i = 0; i < xDims.length; i++) {
      yDims[i] = xDims[perm[i]];
    }
    if (!out.shape().equals(Shape.of(yDims))) {
      throw new ShapeException("transpose y (x " + in.shape() + " permuted by " + Arrays.toString(perm) + ") has shape "
          + out.shape() + " but must have shape " + Shape.of(yDims));
    }
    OpenClLayoutPermutation reduced = OpenClLayoutPermutation.reduce(xDims, perm);
    int size = in.size();
    if (size == 0) {
      return;
    }
    if (reduced.isCopy()) {
      backend.copy(in, out);
      return;
    }
    if (reduced.rank() > MAX_AXES) {
      throw new ConvoyException("transpose of " + in.shape() + " by " + Arrays.toString(perm) + " moves "
          + reduced.rank() + " separate axes; the opencl backend handles at most " + MAX_AXES);
    }
    int[] dims = Arrays.copyOf(reduced.yDims(), MAX_AXES);
    int[] steps = Arrays.copyOf(reduced.steps(), MAX_AXES);
    int lastAxis = dims[reduced.rank() - 1];
    withSourceApart(in, out, source -> {
      ClKernel.Call call = kernel("transpose").call().arg(source).arg(out.mem()).arg(reduced.rank());
      Arrays.stream(dims).forEach(call::arg);
      Arrays.stream(steps).forEach(call::arg);
      // Rows of y's last axis: no work-item divides along it.
      call.launch(new long[] {lastAxis, size / lastAxis}, null);
    });
  }

  /** Runs {@code launch} on {@code from}'s buffer, or on a copy of it when {@code to} shares that buffer. */
  private void withSourceApart(OpenClVolume from, OpenClVolume to, Consumer<cl_mem> launch) {
    if (!from.sharesStorageWith(to)) {
      launch.accept(from.mem());
      return;
    }
    cl_mem copy = backend.session().allocate(from.size(), "a copy of a layout kernel's source");
    try {
      backend.session().copy(from.mem(), copy, from.size());
      launch.accept(copy);
    } finally {
      // OpenCL frees it once the commands above have run.
      clReleaseMemObject(copy);
    }
  }

  private static void checkPermutation(int[] perm, Shape shape) {
    if (perm == null || perm.length != shape.rank()) {
      throw new ShapeException("transpose: the permutation " + Arrays.toString(perm) + " must name each of the "
          + shape.rank() + " axes of x " + shape + " once");
    }
    boolean[] seen = new boolean[perm.length];
    for (int axis : perm) {
      if (axis < 0 || axis >= perm.length || seen[axis]) {
        throw new ShapeException("transpose: " + Arrays.toString(perm) + " is not a permutation of the axes 0.."
            + (perm.length - 1) + " of x " + shape);
      }
      seen[axis] = true;
    }
  }

  private ClKernel kernel(String name) {
    return backend.programs().kernel(SOURCE, "", name);
  }
}
