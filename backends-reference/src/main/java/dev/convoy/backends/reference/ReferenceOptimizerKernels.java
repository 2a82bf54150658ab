package dev.convoy.backends.reference;

import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The reference {@link OptimizerKernels}, in float as the formulas are written (the optimizers'
 * golden values depend on that rounding). Each value is read before it is written.
 */
final class ReferenceOptimizerKernels implements OptimizerKernels {
  private final ReferenceBackend backend;

  ReferenceOptimizerKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  /** {@code v = (momentum * v) + (1 * g)}, then {@code w = (1 * w) + (-lr * v)}: axpby then axpy, one pass. */
  @Override
  public void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value) {
    ArrayVolume g = backend.own(gradient, "momentumStep gradient");
    ArrayVolume v = sameSize(velocity, g, "momentumStep velocity");
    ArrayVolume w = sameSize(value, g, "momentumStep value");
    float[] ga = g.array();
    float[] va = v.array();
    float[] wa = w.array();
    float step = -learningRate;
    for (int i = 0; i < g.size(); i++) {
      float updated = momentum * va[v.offset() + i] + 1f * ga[g.offset() + i];
      va[v.offset() + i] = updated;
      wa[w.offset() + i] = wa[w.offset() + i] + step * updated;
    }
  }

  @Override
  public void accumulateSquares(float decay, float weight, Volume x, Volume acc) {
    ArrayVolume in = backend.own(x, "accumulateSquares x");
    ArrayVolume a = sameSize(acc, in, "accumulateSquares acc");
    float[] xa = in.array();
    float[] aa = a.array();
    for (int i = 0; i < in.size(); i++) {
      float v = xa[in.offset() + i];
      int at = a.offset() + i;
      aa[at] = decay * aa[at] + weight * (v * v);
    }
  }

  @Override
  public void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale, float epsilon,
      Volume y) {
    ArrayVolume num = backend.own(numerator, "addQuotientBySqrt numerator");
    ArrayVolume sq = sameSize(squares, num, "addQuotientBySqrt squares");
    ArrayVolume out = sameSize(y, num, "addQuotientBySqrt y");
    float[] na = num.array();
    float[] sa = sq.array();
    float[] ya = out.array();
    for (int i = 0; i < num.size(); i++) {
      float quotient = na[num.offset() + i] / (sqrtScale * (float) Math.sqrt(sa[sq.offset() + i]) + epsilon);
      ya[out.offset() + i] += alpha * quotient;
    }
  }

  private ArrayVolume sameSize(Volume v, ArrayVolume like, String role) {
    return backend.own(v, role).requireSize(like.size(), role);
  }
}
