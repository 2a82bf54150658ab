package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolingKernels} forward and backward against the direct definitions in {@link DirectPool}, max-pool
 * switches, the overwrite contract, the average's adjoint identity, and the oracle. Inputs come
 * from {@link TckRandom#distinct} so a max never ties.
 */
abstract class PoolConformance extends ConformanceCase {

  @Test
  void forwardMatchesTheDefinitionAndOverwrites() {
    PoolingKernels pool = family(PoolingKernels.class);
    for (PoolCases.Case c : PoolCases.all()) {
      PoolGeometry g = c.g();
      float[] x = new TckRandom(40).distinct((int) g.inputShape().size());
      try (VolumeScope s = scope()) {
        Volume y = s.filled(g.outputShape(), Float.NaN);
        Volume switches = g.kind() == PoolKind.MAX ? s.filled(g.outputShape(), Float.NaN) : null;
        pool.forward(g, s.upload(g.inputShape(), x), y, switches);
        VolumeAssertions.assertClose(DirectPool.forward(g, x), y.toArray(), DIRECT_TOLERANCE, "pool forward " + c);
      }
    }
  }

  /**
   * A NaN in a window makes its output NaN (a max's switch points at it), an infinity makes it
   * infinite, and windows without either are untouched, as in PyTorch, for every kind of pooling.
   */
  @Test
  void nanInAWindowPropagatesThroughEveryPoolingKind() {
    PoolingKernels pool = family(PoolingKernels.class);
    for (PoolKind kind : PoolKind.values()) {
      // 2x2 windows, stride 2, over 2 planes of 4x8: wide enough for a vector kernel's lanes.
      PoolGeometry g = PoolCases.geometry(kind, 1, 2, 4, 8, 2, 2, 2, 2, 0, 0, 0, 0, false,
          dev.convoy.api.support.Rounding.FLOOR);
      float[] x = new TckRandom(42).distinct((int) g.inputShape().size());
      int nanAt = 8 + 3; // row 1, col 3: window (0, 1) of plane 0
      int infAt = 32 + 2 * 8 + 6; // row 2, col 6: window (1, 3) of plane 1
      x[nanAt] = Float.NaN;
      x[infAt] = Float.POSITIVE_INFINITY;
      try (VolumeScope s = scope()) {
        Volume y = s.filled(g.outputShape(), 42f);
        Volume switches = kind == PoolKind.MAX ? s.filled(g.outputShape(), 42f) : null;
        pool.forward(g, s.upload(g.inputShape(), x), y, switches);
        float[] got = y.toArray();
        double[] direct = DirectPool.forward(g, x);
        int nanOut = 1;
        int infOut = 8 + 4 + 3;
        for (int i = 0; i < got.length; i++) {
          if (i == nanOut) {
            assertTrue(Float.isNaN(got[i]), kind + ": the window holding NaN gives " + got[i]);
          } else if (i == infOut) {
            assertEquals(Float.POSITIVE_INFINITY, got[i], kind + ": the window holding +Inf");
          } else {
            assertEquals(direct[i], got[i], 1e-5 * Math.max(1, Math.abs(direct[i])), kind + ": window " + i);
          }
        }
        if (switches != null) {
          assertEquals(nanAt, switches.toArray()[nanOut], 0f, "the switch of the NaN window points at the NaN");
        }
      }
    }
  }

  @Test
  void maxSwitchesPointAtTheWinnerInsideItsWindow() {
    PoolingKernels pool = family(PoolingKernels.class);
    for (PoolCases.Case c : PoolCases.max()) {
      PoolGeometry g = c.g();
      float[] x = new TckRandom(41).distinct((int) g.inputShape().size());
      try (VolumeScope s = scope()) {
        Volume y = s.allocate(g.outputShape());
        Volume switches = s.filled(g.outputShape(), Float.NaN);
        pool.forward(g, s.upload(g.inputShape(), x), y, switches);
        float[] yv = y.toArray();
        float[] sw = switches.toArray();
        int outPlane = g.outH() * g.outW();
        for (int at = 0; at < sw.length; at++) {
          int plane = at / outPlane;
          int oh = at % outPlane / g.outW();
          int ow = at % g.outW();
          int index = (int) sw[at];
          assertEquals(index, sw[at], 0f, c + ": switch " + at + " = " + sw[at] + " is not a whole index");
          int ih = index / g.w();
          int iw = index % g.w();
          int top = oh * g.strideH() - g.padTop();
          int left = ow * g.strideW() - g.padLeft();
          assertTrue(index >= 0 && index < g.h() * g.w() && ih >= top && ih < top + g.kh() && iw >= left
              && iw < left + g.kw(), c + ": switch " + at + " = " + index + " (row " + ih + ", col " + iw
              + ") is outside its window at row " + top + ", col " + left);
          assertEquals(yv[at], x[plane * g.h() * g.w() + index], c + ": x at switch " + at + " must equal y");
        }
      }
    }
  }

  @Test
  void backwardMatchesTheDefinitionAndOverwrites() {
    PoolingKernels pool = family(PoolingKernels.class);
    for (PoolCases.Case c : PoolCases.all()) {
      PoolGeometry g = c.g();
      TckRandom random = new TckRandom(42);
      float[] x = random.distinct((int) g.inputShape().size());
      float[] dy = random.uniform((int) g.outputShape().size());
      try (VolumeScope s = scope()) {
        Volume xv = s.upload(g.inputShape(), x);
        Volume y = s.allocate(g.outputShape());
        Volume switches = g.kind() == PoolKind.MAX ? s.allocate(g.outputShape()) : null;
        pool.forward(g, xv, y, switches);
        Volume dx = s.filled(g.inputShape(), Float.NaN);
        pool.backward(g, xv, y, s.upload(g.outputShape(), dy), switches, dx);
        float[] actual = dx.toArray();
        VolumeAssertions.assertNoNaN(actual, "pool backward " + c);
        VolumeAssertions.assertClose(DirectPool.backward(g, x, dy), actual, DIRECT_TOLERANCE, "pool backward " + c);
      }
    }
  }

  @Test
  void averageBackwardIsTheAdjointOfForward() {
    PoolingKernels pool = family(PoolingKernels.class);
    for (PoolCases.Case c : PoolCases.all()) {
      PoolGeometry g = c.g();
      if (g.kind() != PoolKind.AVERAGE) {
        continue;
      }
      TckRandom random = new TckRandom(43);
      float[] x = random.uniform((int) g.inputShape().size());
      float[] dy = random.uniform((int) g.outputShape().size());
      try (VolumeScope s = scope()) {
        Volume xv = s.upload(g.inputShape(), x);
        Volume y = s.allocate(g.outputShape());
        pool.forward(g, xv, y, null);
        Volume dx = s.allocate(g.inputShape());
        pool.backward(g, xv, y, s.upload(g.outputShape(), dy), null, dx);
        double scale = absDot(y.toArray(), dy) + 1e-6;
        assertEquals(dot(y.toArray(), dy), dot(x, dx.toArray()), 1e-5 * scale, "<avg(x), dy> == <x, avg'(dy)>, " + c);
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (PoolCases.Case c : PoolCases.all()) {
      PoolGeometry g = c.g();
      assertMatchesOracle("pool forward and backward, " + c, s -> {
        TckRandom random = new TckRandom(44);
        Volume x = s.upload(g.inputShape(), random.distinct((int) g.inputShape().size()));
        Volume y = s.allocate(g.outputShape());
        Volume switches = s.allocate(g.outputShape());
        s.family(PoolingKernels.class).forward(g, x, y, switches);
        Volume dx = s.allocate(g.inputShape());
        s.family(PoolingKernels.class).backward(g, x, y, s.upload(g.outputShape(), random.uniform((int) g.outputShape().size())),
            switches, dx);
        return g.kind() == PoolKind.MAX
            ? concat(y.toArray(), switches.toArray(), dx.toArray())
            : concat(y.toArray(), dx.toArray());
      });
    }
  }
}
