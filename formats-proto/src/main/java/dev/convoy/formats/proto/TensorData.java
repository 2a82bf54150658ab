package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;

/**
 * A tensor's values as saved: float32, row-major (NCHW for images). The array is not copied, so a
 * tensor of a large model is held once; treat it as read-only.
 */
public record TensorData(Shape shape, float[] values) {

  public TensorData {
    if (values.length != shape.size()) {
      throw new ConvoyException("a tensor of shape " + shape + " holds " + shape.size() + " values, not " + values.length);
    }
  }
}
