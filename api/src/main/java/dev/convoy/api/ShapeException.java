package dev.convoy.api;

/** Shapes that do not fit: the message names the layer and shows the arithmetic with the numbers. */
public class ShapeException extends ConvoyException {
  private static final long serialVersionUID = 1L;

  public ShapeException(String message) {
    super(message);
  }
}
