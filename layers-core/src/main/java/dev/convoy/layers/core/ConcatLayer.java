package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins two or more inputs along the channel axis (1), in input order: the merge of an Inception
 * module's branches. The inputs agree in every other dimension; backward hands each input its own
 * channels of the output gradient. Both directions are {@link LayoutKernels#copyChannels}.
 */
final class ConcatLayer implements Layer {
  private final String name;
  private final List<Shape> inputShapes;
  private final Shape shape;

  ConcatLayer(String name, List<Shape> inputShapes, Shape shape) {
    this.name = name;
    this.inputShapes = inputShapes;
    this.shape = shape;
  }

  /** The output shape of {@code inputs} joined on axis 1, or an error naming the node and the shapes. */
  static Shape joined(String node, List<Shape> inputs) {
    Shape first = inputs.get(0);
    int channels = 0;
    for (Shape s : inputs) {
      boolean fits = s.rank() == first.rank();
      for (int axis = 0; fits && axis < s.rank(); axis++) {
        fits = axis == 1 || s.dim(axis) == first.dim(axis);
      }
      if (!fits) {
        throw new ShapeException(node + ": Concat joins on the channel axis (1), so its inputs must agree in every"
            + " other dimension; got " + inputs);
      }
      channels += s.dim(1);
    }
    int[] dims = first.dims();
    dims[1] = channels;
    return Shape.of(dims);
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    LayoutKernels layout = ctx.family(LayoutKernels.class);
    List<Shape> shapes = inputs.stream().map(Volume::shape).toList();
    checkAgainstCreation(shapes);
    Volume y = ctx.backend().allocateForOverwrite(joined(name, shapes)); // the inputs cover every channel
    int at = 0;
    for (Volume in : inputs) {
      layout.copyChannels(in, 0, y, at, in.shape().dim(1));
      at += in.shape().dim(1);
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    LayoutKernels layout = ctx.family(LayoutKernels.class);
    List<Volume> grads = new ArrayList<>();
    int at = 0;
    for (Volume in : inputs) {
      Volume dx = ctx.backend().allocateForOverwrite(in.shape());
      layout.copyChannels(outputGradient, at, dx, 0, in.shape().dim(1));
      at += in.shape().dim(1);
      grads.add(dx);
    }
    return grads;
  }

  private void checkAgainstCreation(List<Shape> shapes) {
    boolean fits = shapes.size() == inputShapes.size();
    for (int i = 0; fits && i < shapes.size(); i++) {
      fits = shapes.get(i).withBatch(1).equals(inputShapes.get(i).withBatch(1));
    }
    if (!fits) {
      throw new ShapeException(name + ": inputs " + shapes + " do not fit this Concat, made for " + inputShapes
          + " (only the batch size may change)");
    }
  }
}
