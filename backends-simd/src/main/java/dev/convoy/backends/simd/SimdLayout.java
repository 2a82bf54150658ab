package dev.convoy.backends.simd;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelCopy;
import dev.convoy.api.support.ChannelLayout;
import java.util.Arrays;

/**
 * The {@link LayoutKernels} family: channel copies are one block copy per item, and a transpose
 * walks the output row by row, gathering each row from the input with a fixed step. Both split
 * whole items or rows across the pool, so no two tasks write the same value.
 */
final class SimdLayout implements LayoutKernels {
  private final OwnVolumes volumes;
  private final SimdElementwise elementwise;

  SimdLayout(OwnVolumes volumes, SimdElementwise elementwise) {
    this.volumes = volumes;
    this.elementwise = elementwise;
  }

  @Override
  public void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels) {
    ArrayVolume from = volumes.own(src, "copyChannels src");
    ArrayVolume to = volumes.own(dst, "copyChannels dst");
    ChannelCopy copy = ChannelCopy.of(from.shape(), srcChannel, to.shape(), dstChannel, channels);
    ChannelLayout s = copy.src();
    ChannelLayout d = copy.dst();
    int run = channels * s.inner();
    if (run == 0) {
      return;
    }
    // Whole items per task: an item's block never overlaps another item's, even when src is dst.
    elementwise.forUnits(s.items(), run, (first, end) -> {
      for (int n = first; n < end; n++) {
        System.arraycopy(from.array(), from.offset() + s.index(n, srcChannel, 0), to.array(),
            to.offset() + d.index(n, dstChannel, 0), run);
      }
    });
  }

  @Override
  public void transpose(Volume x, int[] perm, Volume y) {
    ArrayVolume in = volumes.own(x, "transpose x");
    Shape xs = in.shape();
    int rank = xs.rank();
    requirePermutation(perm, rank, xs);
    int[] dims = new int[rank];
    int[] step = new int[rank]; // how far one step along axis i of y moves in x
    int[] xStrides = strides(xs.dims());
    for (int i = 0; i < rank; i++) {
      dims[i] = xs.dim(perm[i]);
      step[i] = xStrides[perm[i]];
    }
    ArrayVolume out = volumes.own(y, Shape.of(dims), "transpose y (x's axes in perm's order)");
    if (in.size() == 0) {
      return;
    }
    if (rank == 0) {
      out.array()[out.offset()] = in.array()[in.offset()];
      return;
    }
    int row = dims[rank - 1];
    int rowStep = step[rank - 1];
    int rows = in.size() / row;
    // A copy when y shares x's storage, so no value is read after it was overwritten.
    float[] src = in.array() == out.array() ? in.toArray() : in.array();
    int srcOff = src == in.array() ? in.offset() : 0;
    float[] dst = out.array();
    elementwise.forUnits(rows, row, (first, end) -> {
      for (int r = first; r < end; r++) {
        int at = srcOff + rowStart(r, dims, step);
        int to = out.offset() + r * row;
        for (int j = 0; j < row; j++, at += rowStep) {
          dst[to + j] = src[at];
        }
      }
    });
  }

  /** Where row {@code r} of the output (all axes but the last) starts in the input. */
  private static int rowStart(int r, int[] dims, int[] step) {
    int at = 0;
    for (int axis = dims.length - 2; axis >= 0; axis--) {
      at += r % dims[axis] * step[axis];
      r /= dims[axis];
    }
    return at;
  }

  /** Row-major strides of {@code dims}. */
  private static int[] strides(int[] dims) {
    int[] strides = new int[dims.length];
    int stride = 1;
    for (int axis = dims.length - 1; axis >= 0; axis--) {
      strides[axis] = stride;
      stride *= dims[axis];
    }
    return strides;
  }

  private static void requirePermutation(int[] perm, int rank, Shape xs) {
    boolean[] seen = new boolean[rank];
    boolean valid = perm != null && perm.length == rank;
    for (int i = 0; valid && i < rank; i++) {
      valid = perm[i] >= 0 && perm[i] < rank && !seen[perm[i]];
      if (valid) {
        seen[perm[i]] = true;
      }
    }
    if (!valid) {
      throw new ShapeException("transpose: perm " + Arrays.toString(perm) + " is not a permutation of the " + rank
          + " axes of x " + xs);
    }
  }
}
