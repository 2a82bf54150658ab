package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link LayoutKernels#copyChannels}, the kernel of channel concatenation: the copied channels land where they
 * should for every item, the other channels keep their values, out-of-range requests fail, and
 * the oracle agrees.
 */
abstract class ChannelCopyConformance extends ConformanceCase {

  /** dst with channels [dstAt, dstAt + count) replaced by src's [srcAt, srcAt + count). */
  private static float[] expected(Shape src, float[] s, int srcAt, Shape dst, float[] d, int dstAt, int count) {
    float[] out = d.clone();
    int inner = (int) (src.size() / src.dim(0) / src.dim(1));
    for (int n = 0; n < src.dim(0); n++) {
      for (int c = 0; c < count; c++) {
        for (int p = 0; p < inner; p++) {
          out[(n * dst.dim(1) + dstAt + c) * inner + p] = s[(n * src.dim(1) + srcAt + c) * inner + p];
        }
      }
    }
    return out;
  }

  @Test
  void copiesChannelsOfEveryItemAndLeavesTheRest() {
    LayoutKernels layout = family(LayoutKernels.class);
    Shape[][] cases = {
        {Shape.nchw(2, 3, 2, 3), Shape.nchw(2, 7, 2, 3)},
        {Shape.of(3, 4), Shape.of(3, 9)},
        {Shape.nchw(1, 5, 1, 1), Shape.nchw(1, 5, 1, 1)}};
    int[][] ranges = {{0, 4, 3}, {1, 5, 2}, {2, 0, 3}};
    TckRandom random = new TckRandom(80);
    for (int i = 0; i < cases.length; i++) {
      Shape src = cases[i][0];
      Shape dst = cases[i][1];
      int[] r = ranges[i];
      float[] s = random.uniform(src.intSize());
      float[] d = random.uniform(dst.intSize());
      try (VolumeScope scope = scope()) {
        Volume out = scope.upload(dst, d);
        layout.copyChannels(scope.upload(src, s), r[0], out, r[1], r[2]);
        VolumeAssertions.assertExactly(expected(src, s, r[0], dst, d, r[1], r[2]), out.toArray(),
            "copyChannels " + r[2] + " channels from " + r[0] + " of " + src + " to " + r[1] + " of " + dst);
      }
    }
  }

  @Test
  void rejectsRangesOutsideTheVolumes() {
    LayoutKernels layout = family(LayoutKernels.class);
    try (VolumeScope s = scope()) {
      Volume src = s.allocate(Shape.nchw(2, 3, 2, 2));
      Volume dst = s.allocate(Shape.nchw(2, 4, 2, 2));
      assertThrows(ConvoyException.class, () -> layout.copyChannels(src, 1, dst, 0, 3), "past the source");
      assertThrows(ConvoyException.class, () -> layout.copyChannels(src, 0, dst, 2, 3), "past the destination");
      Volume otherBatch = s.allocate(Shape.nchw(3, 4, 2, 2));
      assertThrows(ConvoyException.class, () -> layout.copyChannels(src, 0, otherBatch, 0, 3), "another batch size");
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("copyChannels", s -> {
      TckRandom random = new TckRandom(81);
      Volume a = s.upload(Shape.nchw(2, 2, 3, 3), random.uniform(36));
      Volume b = s.upload(Shape.nchw(2, 3, 3, 3), random.uniform(54));
      Volume joined = s.allocate(Shape.nchw(2, 5, 3, 3));
      s.family(LayoutKernels.class).copyChannels(a, 0, joined, 0, 2);
      s.family(LayoutKernels.class).copyChannels(b, 0, joined, 2, 3);
      Volume back = s.allocate(Shape.nchw(2, 3, 3, 3));
      s.family(LayoutKernels.class).copyChannels(joined, 2, back, 0, 3);
      return concat(joined.toArray(), back.toArray());
    });
  }
}
