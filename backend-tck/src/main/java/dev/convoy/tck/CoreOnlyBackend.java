package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ChannelLayout;

/**
 * The smallest backend that passes the whole kit, and a backend as a device backend starts out: storage of its own ({@link CoreOnlyVolume}, not an
 * {@code ArrayVolume}) and only the core kernels, written here as plain loops independent of the
 * reference's. {@code nativeFamily} is the default, so every kernel family runs through the host
 * fallback, which has to copy the volumes over and write back what changed.
 */
public final class CoreOnlyBackend implements Backend {

  @Override
  public String name() {
    return "core-only";
  }

  @Override
  public Volume allocate(Shape shape) {
    return CoreOnlyVolume.allocate(this, shape);
  }

  @Override
  public void copy(Volume src, Volume dst) {
    float[] s = own(src, "copy src");
    float[] d = own(dst, "copy dst");
    requireSize(d, s.length, "copy dst");
    System.arraycopy(s, 0, d, 0, s.length);
  }

  @Override
  public void fill(Volume x, float value) {
    java.util.Arrays.fill(own(x, "fill x"), value);
  }

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    float[] av = own(a, "gemm a");
    float[] bv = own(b, "gemm b");
    float[] cv = own(c, "gemm c");
    int aRows = a.shape().dim(0);
    int aCols = av.length / Math.max(1, aRows);
    int bRows = b.shape().dim(0);
    int bCols = bv.length / Math.max(1, bRows);
    int m = transA ? aCols : aRows;
    int k = transA ? aRows : aCols;
    int n = transB ? bRows : bCols;
    if ((transB ? bCols : bRows) != k || c.shape().dim(0) != m || cv.length != m * n) {
      throw new ShapeException("gemm: " + a.shape() + (transA ? "^T" : "") + " x " + b.shape() + (transB ? "^T" : "")
          + " does not fit c " + c.shape());
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int p = 0; p < k; p++) {
          dot += (double) (transA ? av[p * aCols + i] : av[i * aCols + p]) * (transB ? bv[j * bCols + p] : bv[p * bCols + j]);
        }
        int at = i * n + j;
        cv[at] = (float) (alpha * dot + (beta == 0f ? 0.0 : (double) beta * cv[at]));
      }
    }
  }

  @Override
  public void axpby(float alpha, Volume x, float beta, Volume y) {
    float[] xv = own(x, "axpby x");
    float[] yv = own(y, "axpby y");
    requireSize(yv, xv.length, "axpby y");
    for (int i = 0; i < xv.length; i++) {
      yv[i] = beta * yv[i] + alpha * xv[i];
    }
  }

  @Override
  public void scale(Volume x, float alpha) {
    float[] xv = own(x, "scale x");
    for (int i = 0; i < xv.length; i++) {
      xv[i] *= alpha;
    }
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    float[] av = own(a, "multiply a");
    float[] bv = own(b, "multiply b");
    float[] ov = own(out, "multiply out");
    requireSize(bv, av.length, "multiply b");
    requireSize(ov, av.length, "multiply out");
    for (int i = 0; i < av.length; i++) {
      ov[i] = av[i] * bv[i];
    }
  }

  @Override
  public void addChannelBias(Volume y, Volume bias) {
    float[] yv = own(y, "addChannelBias y");
    ChannelLayout l = ChannelLayout.of(y.shape(), "addChannelBias y");
    float[] bv = own(bias, "addChannelBias bias");
    requireSize(bv, l.channels(), "addChannelBias bias");
    for (int i = 0; i < yv.length; i++) {
      yv[i] += bv[i / l.inner() % l.channels()];
    }
  }

  @Override
  public void accumulateChannelBiasGradient(Volume dy, Volume dBias) {
    float[] dv = own(dy, "accumulateChannelBiasGradient dy");
    ChannelLayout l = ChannelLayout.of(dy.shape(), "accumulateChannelBiasGradient dy");
    float[] db = own(dBias, "accumulateChannelBiasGradient dBias");
    requireSize(db, l.channels(), "accumulateChannelBiasGradient dBias");
    double[] sums = new double[l.channels()];
    for (int i = 0; i < dv.length; i++) {
      sums[i / l.inner() % l.channels()] += dv[i];
    }
    for (int c = 0; c < sums.length; c++) {
      db[c] = (float) (db[c] + sums[c]);
    }
  }

  private float[] own(Volume v, String role) {
    if (!(v instanceof CoreOnlyVolume mine) || mine.backend() != this) {
      throw new ConvoyException(role + " " + (v == null ? "null" : v.shape() + " of backend '" + v.backend().name() + "'")
          + " is not a volume of this core-only backend");
    }
    return mine.values();
  }

  private static void requireSize(float[] values, int size, String role) {
    if (values.length != size) {
      throw new ShapeException(role + " holds " + values.length + " values but " + size + " are needed");
    }
  }
}
