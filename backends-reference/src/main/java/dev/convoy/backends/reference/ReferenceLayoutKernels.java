package dev.convoy.backends.reference;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelCopy;
import dev.convoy.api.support.ChannelLayout;
import java.util.Arrays;

/** The reference {@link LayoutKernels}: channel copies as block copies, transpose by walking the output in order. */
final class ReferenceLayoutKernels implements LayoutKernels {
  private final ReferenceBackend backend;

  ReferenceLayoutKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels) {
    ArrayVolume from = backend.own(src, "copyChannels src");
    ArrayVolume to = backend.own(dst, "copyChannels dst");
    ChannelCopy copy = ChannelCopy.of(from.shape(), srcChannel, to.shape(), dstChannel, channels);
    ChannelLayout s = copy.src();
    ChannelLayout d = copy.dst();
    // Each item's channels are one contiguous block in both volumes.
    for (int n = 0; n < s.items(); n++) {
      System.arraycopy(from.array(), from.offset() + s.index(n, srcChannel, 0), to.array(),
          to.offset() + d.index(n, dstChannel, 0), channels * s.inner());
    }
  }

  @Override
  public void transpose(Volume x, int[] perm, Volume y) {
    ArrayVolume in = backend.own(x, "transpose x");
    ArrayVolume out = backend.own(y, "transpose y");
    int[] xDims = in.shape().dims();
    checkPermutation(perm, in.shape());
    int rank = xDims.length;
    int[] yDims = new int[rank];
    for (int i = 0; i < rank; i++) {
      yDims[i] = xDims[perm[i]];
    }
    out.requireShape(Shape.of(yDims), "transpose y (x " + in.shape() + " permuted by " + Arrays.toString(perm) + ")");
    // The step in x's storage for one step along each axis of y.
    int[] xStrides = new int[rank];
    for (int axis = rank - 1, stride = 1; axis >= 0; axis--) {
      xStrides[axis] = stride;
      stride *= xDims[axis];
    }
    int[] steps = new int[rank];
    for (int i = 0; i < rank; i++) {
      steps[i] = xStrides[perm[i]];
    }
    // A copy when y shares x's storage, so no value is read after it was overwritten.
    float[] source = in.array() == out.array() ? in.toArray() : in.array();
    int sourceOffset = in.array() == out.array() ? 0 : in.offset();
    float[] target = out.array();
    int[] index = new int[rank];
    int from = sourceOffset;
    for (int at = 0; at < out.size(); at++) {
      target[out.offset() + at] = source[from];
      // Advance y's index like an odometer, moving the source position along.
      for (int axis = rank - 1; axis >= 0; axis--) {
        index[axis]++;
        from += steps[axis];
        if (index[axis] < yDims[axis]) {
          break;
        }
        from -= steps[axis] * yDims[axis];
        index[axis] = 0;
      }
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
}
