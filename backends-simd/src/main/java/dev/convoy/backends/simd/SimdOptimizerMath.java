package dev.convoy.backends.simd;

import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The {@link OptimizerKernels} family: one pass over the volumes in contiguous chunks across the
 * pool. Momentum goes through the vector kernels; the adaptive optimizers' two kernels are plain
 * float loops written as the reference backend writes them, so they round the same.
 */
final class SimdOptimizerMath implements OptimizerKernels {
  private final OwnVolumes volumes;
  private final SimdElementwise elementwise;

  SimdOptimizerMath(OwnVolumes volumes, SimdElementwise elementwise) {
    this.volumes = volumes;
    this.elementwise = elementwise;
  }

  @Override
  public void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value) {
    ArrayVolume g = volumes.own(gradient, "momentumStep gradient");
    ArrayVolume v = volumes.own(velocity, g.size(), "momentumStep velocity");
    ArrayVolume w = volumes.own(value, g.size(), "momentumStep value");
    elementwise.momentumStep(learningRate, momentum, g.array(), g.offset(), v.array(), v.offset(), w.array(),
        w.offset(), g.size());
  }

  @Override
  public void accumulateSquares(float decay, float weight, Volume x, Volume acc) {
    ArrayVolume in = volumes.own(x, "accumulateSquares x");
    ArrayVolume out = volumes.own(acc, in.size(), "accumulateSquares acc");
    float[] v = in.array();
    float[] a = out.array();
    int vOff = in.offset();
    int aOff = out.offset();
    elementwise.forChunks(in.size(), (from, to) -> {
      for (int i = from; i < to; i++) {
        float g = v[vOff + i];
        a[aOff + i] = decay * a[aOff + i] + weight * (g * g);
      }
    });
  }

  @Override
  public void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale, float epsilon,
      Volume y) {
    ArrayVolume num = volumes.own(numerator, "addQuotientBySqrt numerator");
    ArrayVolume sq = volumes.own(squares, num.size(), "addQuotientBySqrt squares");
    ArrayVolume out = volumes.own(y, num.size(), "addQuotientBySqrt y");
    float[] n = num.array();
    float[] s = sq.array();
    float[] o = out.array();
    int nOff = num.offset();
    int sOff = sq.offset();
    int oOff = out.offset();
    elementwise.forChunks(num.size(), (from, to) -> {
      for (int i = from; i < to; i++) {
        o[oOff + i] += alpha * (n[nOff + i] / (sqrtScale * (float) Math.sqrt(s[sOff + i]) + epsilon));
      }
    });
  }
}
