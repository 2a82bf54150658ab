package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Mul} of a tensor {@code [N, C, ...]} and a gate of one value per image and channel
 * ({@code [N, C, 1, 1]} or {@code [N, C]}), broadcast over the positions: squeeze-and-excitation
 * (EfficientNet, RegNetY, MobileNet v3). Built from core kernels: the gate is spread over the
 * positions by a GEMM with a row of ones ({@code [N*C, 1] x [1, HW]}), then multiplied in; its
 * gradient sums {@code dy * x} over the positions by a GEMM with a column of ones.
 */
final class ChannelGateLayer implements Layer {
  private final String name;
  private final Shape shape;
  /** Which input is the gate: 0 or 1. */
  private final int gate;

  ChannelGateLayer(String name, Shape shape, int gate) {
    this.name = name;
    this.shape = shape;
    this.gate = gate;
  }

  /** Whether {@code g} is a gate for {@code x}: the same batch and channels, one value per channel. */
  static boolean isGate(Shape g, Shape x) {
    return x.rank() >= 3 && g.rank() >= 2 && g.dim(0) == x.dim(0) && g.dim(1) == x.dim(1)
        && g.size() == (long) x.dim(0) * x.dim(1);
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(1 - gate);
    check(inputs);
    Backend b = ctx.backend();
    Volume y = b.allocateForOverwrite(x.shape());
    try (Volume spread = spread(b, inputs.get(gate), x.shape())) {
      b.multiply(x, spread, y);
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume x = inputs.get(1 - gate);
    Volume g = inputs.get(gate);
    Backend b = ctx.backend();
    int rows = rows(x.shape());
    int positions = (int) (x.shape().size() / rows);
    Volume dx = b.allocateForOverwrite(x.shape());
    Volume dg = b.allocateForOverwrite(g.shape());
    try (Volume spread = spread(b, g, x.shape());
        Volume product = b.allocateForOverwrite(x.shape());
        Volume ones = b.allocateForOverwrite(Shape.of(positions, 1))) {
      b.multiply(outputGradient, spread, dx);
      b.multiply(outputGradient, x, product);
      b.fill(ones, 1f);
      b.gemm(false, false, 1f, product.reshape(Shape.of(rows, positions)), ones, 0f, dg.reshape(Shape.of(rows, 1)));
    }
    List<Volume> grads = new ArrayList<>(List.of(dx, dx));
    grads.set(gate, dg);
    grads.set(1 - gate, dx);
    return grads;
  }

  /** The gate repeated over every position of {@code xShape}, as a volume of that shape. */
  private static Volume spread(Backend b, Volume g, Shape xShape) {
    int rows = rows(xShape);
    int positions = (int) (xShape.size() / rows);
    try (Volume ones = b.allocateForOverwrite(Shape.of(1, positions))) {
      b.fill(ones, 1f);
      Volume spread = b.allocateForOverwrite(xShape);
      b.gemm(false, false, 1f, g.reshape(Shape.of(rows, 1)), ones, 0f, spread.reshape(Shape.of(rows, positions)));
      return spread;
    }
  }

  private static int rows(Shape x) {
    return x.dim(0) * x.dim(1);
  }

  private void check(List<Volume> inputs) {
    Shape x = inputs.get(1 - gate).shape();
    if (inputs.size() != 2 || !x.withBatch(1).equals(shape.withBatch(1)) || !isGate(inputs.get(gate).shape(), x)) {
      throw new ShapeException(name + ": Mul takes " + shape + " and a gate of one value per channel ([N, C, 1, 1]"
          + " or [N, C], the same batch), got " + inputs.stream().map(Volume::shape).toList());
    }
  }
}
