package dev.convoy.formats.onnx;

import dev.convoy.api.Shape;

/** What an ONNX value name stands for during import: a load-time constant or a Convoy node's output. */
sealed interface Value {

  /** A tensor known at load time. */
  record Const(ConstTensor tensor) implements Value {}

  /**
   * The output of Convoy node or input {@code name} with {@code shape}; {@code pad} is zero padding
   * [top, left, bottom, right] from an ONNX Pad still to be folded into the next Conv or pool
   * ({@code padNode} names that Pad), or null.
   */
  record Live(String name, Shape shape, int[] pad, String padNode) implements Value {
    Live(String name, Shape shape) {
      this(name, shape, null, null);
    }
  }
}
