package dev.convoy.api;

/**
 * A problem a user can fix: a bad model, bad input, an unknown type or an unavailable backend.
 * The message says what is wrong and, where it can, what to do. The CLI prints it as one line.
 */
public class ConvoyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConvoyException(String message) {
    super(message);
  }

  public ConvoyException(String message, Throwable cause) {
    super(message, cause);
  }
}
