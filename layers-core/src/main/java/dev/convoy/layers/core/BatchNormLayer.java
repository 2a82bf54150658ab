package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Init;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import java.util.List;

/**
 * Batch normalization per channel (dimension 1) of {@code [N, C, H, W]} or {@code [N, C]}, as
 * PyTorch's {@code BatchNorm2d}/{@code BatchNorm1d}. While training it normalizes with the batch's
 * mean and biased variance and moves the running statistics toward them:
 * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased variance
 * ({@code m/(m-1)}, {@code m = N*H*W}) for {@code running_var}. For inference it uses the running
 * statistics. {@code weight} (gamma, starts at 1) and {@code bias} (beta, 0) are trained;
 * {@code running_mean} (0) and {@code running_var} (1) are state, saved but not trained. The
 * backend's {@link NormalizationKernels} do the arithmetic; the running statistics move with core kernels.
 */
final class BatchNormLayer implements Layer {
  private final String name;
  private final Shape shape;
  private final float epsilon;
  private final float momentum;
  /** The batch statistics of the last training forward, for the backward that follows; null otherwise. */
  private Volume batchMean;
  private Volume batchVariance;

  BatchNormLayer(String name, Shape shape, float epsilon, float momentum) {
    this.name = name;
    this.shape = shape;
    this.epsilon = epsilon;
    this.momentum = momentum;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public List<ParamSpec> parameters() {
    Shape channels = Shape.of(shape.dim(1));
    return List.of(
        new ParamSpec("weight", channels, new Init.Constant(1f)),
        new ParamSpec("bias", channels, Init.zeros()),
        ParamSpec.state("running_mean", channels, Init.zeros()),
        ParamSpec.state("running_var", channels, new Init.Constant(1f)));
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    NormalizationKernels norm = ctx.family(NormalizationKernels.class);
    Volume x = check(inputs.get(0));
    releaseStatistics();
    if (ctx.training()) {
      requireTwoValuesPerChannel(x.shape());
    }
    Volume y = ctx.backend().allocateForOverwrite(x.shape());
    if (!ctx.training()) {
      norm.batchNormForward(x, ctx.param("weight"), ctx.param("bias"), ctx.param("running_mean"),
          ctx.param("running_var"), epsilon, y);
      return y;
    }
    computeStatistics(ctx, x);
    norm.batchNormForward(x, ctx.param("weight"), ctx.param("bias"), batchMean, batchVariance, epsilon, y);
    updateRunningStatistics(ctx, x.shape());
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    NormalizationKernels norm = ctx.family(NormalizationKernels.class);
    Volume x = check(inputs.get(0));
    Volume dx = ctx.backend().allocateForOverwrite(x.shape());
    if (!ctx.training()) {
      norm.batchNormBackward(x, outputGradient, ctx.param("weight"), ctx.param("running_mean"),
          ctx.param("running_var"), epsilon, false, dx, ctx.paramGradient("weight"), ctx.paramGradient("bias"));
      return List.of(dx);
    }
    if (batchMean == null) {
      computeStatistics(ctx, x); // no training forward of these inputs kept them
    }
    norm.batchNormBackward(x, outputGradient, ctx.param("weight"), batchMean, batchVariance, epsilon, true, dx,
        ctx.paramGradient("weight"), ctx.paramGradient("bias"));
    return List.of(dx);
  }

  private void computeStatistics(LayerContext ctx, Volume x) {
    releaseStatistics();
    batchMean = ctx.backend().allocateForOverwrite(Shape.of(shape.dim(1)));
    batchVariance = ctx.backend().allocateForOverwrite(Shape.of(shape.dim(1)));
    ctx.family(NormalizationKernels.class).channelMeanAndVariance(x, batchMean, batchVariance);
  }

  /** PyTorch's update, with the unbiased variance for running_var. */
  private void updateRunningStatistics(LayerContext ctx, Shape in) {
    Backend b = ctx.backend();
    long perChannel = in.size() / in.dim(1);
    Volume runningMean = ctx.param("running_mean");
    Volume runningVar = ctx.param("running_var");
    // axpby rounds as the scale-then-axpy it replaces: (1 - momentum) * running, plus momentum * batch.
    b.axpby(momentum, batchMean, 1f - momentum, runningMean);
    b.axpby((float) (momentum * perChannel / (perChannel - 1.0)), batchVariance, 1f - momentum, runningVar);
  }

  /** As PyTorch: the unbiased variance of one value is undefined. */
  private void requireTwoValuesPerChannel(Shape in) {
    long perChannel = in.size() / in.dim(1);
    if (perChannel < 2) {
      throw new ConvoyException(name + ": BatchNorm needs more than 1 value per channel while training, but input "
          + in + " has " + perChannel + "; use a batch of 2 or more");
    }
  }

  private Volume check(Volume x) {
    if (!x.shape().withBatch(1).equals(shape.withBatch(1))) {
      throw new ShapeException(name + ": input " + x.shape() + " does not fit this BatchNorm, made for " + shape
          + " (only the batch size may change)");
    }
    return x;
  }

  private void releaseStatistics() {
    if (batchMean != null) {
      batchMean.close();
      batchVariance.close();
      batchMean = null;
      batchVariance = null;
    }
  }
}
