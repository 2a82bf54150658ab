package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * One image's im2col matrix ({@code [taps, outH*outW]}, see {@link SimdIm2col}) as a GEMM operand
 * that is never stored whole: {@link #pack} writes just the block the GEMM asks for, straight from
 * the image into the packed panel. With stride 1 each row of a panel is a few contiguous runs of an
 * input row, copied with vector moves; padding becomes zeros.
 */
final class Im2colPanels implements PanelSource.B {
  private final Kernels kernels;
  private final float[] x;
  private final int channelsOff;
  private final ConvGeometry g;

  /**
   * @param x the input array
   * @param channelsOff where the first channel this operand covers starts (an image, plus a group's
   *     first channel), so tap row {@code t} reads channel {@code t / (kh*kw)} from there
   */
  Im2colPanels(Kernels kernels, float[] x, int channelsOff, ConvGeometry g) {
    this.kernels = kernels;
    this.x = x;
    this.channelsOff = channelsOff;
    this.g = g;
  }

  @Override
  public void pack(int k0, int kc, int j0, int nc, int nr, float[] dst, int dstOff) {
    int taps = g.kh() * g.kw();
    int plane = g.h() * g.w();
    for (int q0 = 0; q0 < nc; q0 += nr) {
      int cols = Math.min(nr, nc - q0);
      int panel = dstOff + q0 * kc;
      for (int p = 0; p < kc; p++) {
        int t = k0 + p;
        int ch = t / taps;
        int i = t % taps / g.kw();
        int j = t % g.kw();
        int at = panel + p * nr;
        row(channelsOff + ch * plane, i, j, j0 + q0, cols, dst, at);
        if (cols < nr) {
          kernels.fill(dst, at + cols, nr - cols, 0f);
        }
      }
    }
  }

  /** Writes tap (i, j) of the channel at {@code planeOff} for output positions {@code [pos, pos+count)}. */
  private void row(int planeOff, int i, int j, int pos, int count, float[] dst, int at) {
    int outW = g.outW();
    int end = pos + count;
    int oh = pos / outW;
    int ow = pos - oh * outW;
    while (pos < end) {
      int run = Math.min(end - pos, outW - ow);
      int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
      if (ih < 0 || ih >= g.h()) {
        kernels.fill(dst, at, run, 0f);
      } else {
        int rowOff = planeOff + ih * g.w();
        int shift = j * g.dilationW() - g.padLeft(); // iw = ow * strideW + shift
        if (g.strideW() == 1) {
          int lo = Math.clamp(-shift, ow, ow + run); // first ow whose iw >= 0
          int hi = Math.clamp(g.w() - shift, lo, ow + run); // first ow whose iw >= w
          if (lo > ow) {
            kernels.fill(dst, at, lo - ow, 0f);
          }
          if (hi > lo) {
            kernels.copy(x, rowOff + lo + shift, dst, at + lo - ow, hi - lo);
          }
          if (ow + run > hi) {
            kernels.fill(dst, at + hi - ow, ow + run - hi, 0f);
          }
        } else {
          for (int r = 0; r < run; r++) {
            int iw = (ow + r) * g.strideW() + shift;
            dst[at + r] = iw >= 0 && iw < g.w() ? x[rowOff + iw] : 0f;
          }
        }
      }
      at += run;
      pos += run;
      oh++;
      ow = 0;
    }
  }
}
