package dev.convoy.layers.conv;

import dev.convoy.api.ConvGeometry;

/** The convolution sum written out in double with no tricks: the oracle for the forward tests. */
final class NaiveConv {
  private NaiveConv() {}

  static double[] forward(ConvGeometry g, float[] x, float[] w, float[] bias) {
    double[] y = new double[(int) g.outputShape().size()];
    int cPerGroup = g.c() / g.groups();
    int kPerGroup = g.k() / g.groups();
    for (int n = 0; n < g.n(); n++) {
      for (int k = 0; k < g.k(); k++) {
        int firstChannel = (k / kPerGroup) * cPerGroup;
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox++) {
            double sum = bias == null ? 0 : bias[k];
            for (int ci = 0; ci < cPerGroup; ci++) {
              for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                  int iy = oy * g.strideH() - g.padTop() + i * g.dilationH();
                  int ix = ox * g.strideW() - g.padLeft() + j * g.dilationW();
                  if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                    continue; // zero padding
                  }
                  int c = firstChannel + ci;
                  sum += (double) x[((n * g.c() + c) * g.h() + iy) * g.w() + ix]
                      * w[((k * cPerGroup + ci) * g.kh() + i) * g.kw() + j];
                }
              }
            }
            y[((n * g.k() + k) * g.outH() + oy) * g.outW() + ox] = sum;
          }
        }
      }
    }
    return y;
  }
}
