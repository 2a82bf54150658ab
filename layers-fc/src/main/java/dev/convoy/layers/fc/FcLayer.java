package dev.convoy.layers.fc;

import dev.convoy.api.Backend;
import dev.convoy.api.Init;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A fully-connected layer: {@code y = x W^T + b} with x viewed as the {@code N x D} matrix of the
 * notes ({@code D} = every value of one item). The view costs nothing: {@link Backend#gemm} reads
 * any volume {@code [d0, d1, ...]} as {@code d0} rows of {@code d1*d2*...} columns, so neither the
 * input nor its gradient is reshaped or copied.
 */
final class FcLayer implements Layer {
  private final String name;
  private final Shape inputShape;
  private final int units;
  private final int inputSize;
  private final boolean hasBias;

  FcLayer(String name, Shape inputShape, int units, boolean hasBias) {
    this.name = name;
    this.inputShape = inputShape;
    this.units = units;
    this.inputSize = inputShape.sizePerItem();
    this.hasBias = hasBias;
  }

  @Override
  public Shape outputShape() {
    return Shape.of(inputShape.n(), units);
  }

  @Override
  public List<ParamSpec> parameters() {
    // PyTorch's Linear default, so networks defined alike start alike.
    Init init = Init.fanInUniform(inputSize);
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(new ParamSpec("weight", Shape.of(units, inputSize), init));
    if (hasBias) {
      specs.add(new ParamSpec("bias", Shape.of(units), init));
    }
    return List.copyOf(specs);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Backend backend = ctx.backend();
    Volume x = checked(inputs.get(0));
    Volume y = backend.allocateForOverwrite(Shape.of(x.shape().n(), units));
    backend.gemm(false, true, 1f, x, ctx.param("weight"), 0f, y);
    if (hasBias) {
      backend.addChannelBias(y, ctx.param("bias"));
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    Volume x = checked(inputs.get(0));
    Volume dx = null;
    if (ctx.needsInputGradient(0)) {
      dx = backend.allocateForOverwrite(x.shape());
      backend.gemm(false, false, 1f, outputGradient, ctx.param("weight"), 0f, dx);
    }
    // Beta 0 on the step's first write: the runtime then never fills the weight gradient with zeros.
    float beta = ctx.paramGradientBeta("weight");
    backend.gemm(true, false, 1f, outputGradient, x, beta, ctx.paramGradient("weight"));
    if (hasBias) {
      backend.accumulateChannelBiasGradient(outputGradient, ctx.paramGradient("bias"));
    }
    return Collections.singletonList(dx);
  }

  /** The input, if it has the creation shape apart from the batch size. */
  private Volume checked(Volume x) {
    Shape s = x.shape();
    int[] dims = s.dims();
    int[] expected = inputShape.dims();
    if (dims.length == expected.length && dims.length > 0) {
      dims[0] = expected[0];
    }
    if (!Arrays.equals(dims, expected)) {
      throw new ShapeException(name + ": input " + s + " does not fit this FC, made for " + inputShape
          + " (only the batch size may change)");
    }
    return x;
  }
}
