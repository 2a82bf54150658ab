package dev.convoy.backends.opencl;

import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;

/**
 * {@link OptimizerKernels} on the device: one launch of a kernel of {@code optimizer.cl} per call,
 * one work-item per value, rounded operation by operation as the reference backend rounds them.
 */
final class OpenClOptimizer implements OptimizerKernels {
  private static final String SOURCE = "optimizer.cl";

  private final OpenClBackend backend;

  OpenClOptimizer(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value) {
    OpenClVolume g = backend.own(gradient, "momentumStep gradient");
    OpenClVolume v = sameSize(velocity, g, "momentumStep velocity");
    OpenClVolume w = sameSize(value, g, "momentumStep value");
    kernel("momentum_step").call().arg(-learningRate).arg(momentum).arg(g.mem()).arg(v.mem()).arg(w.mem())
        .arg(g.size()).launch(g.size());
  }

  @Override
  public void accumulateSquares(float decay, float weight, Volume x, Volume acc) {
    OpenClVolume in = backend.own(x, "accumulateSquares x");
    OpenClVolume a = sameSize(acc, in, "accumulateSquares acc");
    kernel("accumulate_squares").call().arg(decay).arg(weight).arg(in.mem()).arg(a.mem()).arg(in.size())
        .launch(in.size());
  }

  @Override
  public void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale, float epsilon,
      Volume y) {
    OpenClVolume num = backend.own(numerator, "addQuotientBySqrt numerator");
    OpenClVolume sq = sameSize(squares, num, "addQuotientBySqrt squares");
    OpenClVolume out = sameSize(y, num, "addQuotientBySqrt y");
    kernel("add_quotient_by_sqrt").call().arg(alpha).arg(num.mem()).arg(sq.mem()).arg(sqrtScale).arg(epsilon)
        .arg(out.mem()).arg(num.size()).launch(num.size());
  }

  private OpenClVolume sameSize(Volume v, OpenClVolume like, String role) {
    return backend.own(v, role).requireSize(like.size(), role);
  }

  private ClKernel kernel(String name) {
    return backend.programs().kernel(SOURCE, "", name);
  }
}
