package dev.convoy.app;

import java.io.PrintWriter;

/**
 * Warns once when an input holds NaN or an infinity: the model's outputs then are NaN too (as in
 * PyTorch), and a data bug should be seen where it enters, not guessed at from the scores.
 */
final class NonFiniteWarning {
  private final PrintWriter err;
  private final String what;
  private boolean warned;

  NonFiniteWarning(PrintWriter err, String what) {
    this.err = err;
    this.what = what;
  }

  /** Looks at the first {@code length} values; warns at the first non-finite one, once per command. */
  void check(float[] values, int length) {
    if (warned) {
      return;
    }
    for (int i = 0; i < length; i++) {
      if (!Float.isFinite(values[i])) {
        warned = true;
        err.println("convoy: warning: " + what + " holds " + values[i] + " (at value " + i + " of the first batch that "
            + "has one); outputs computed from it are NaN");
        err.flush();
        return;
      }
    }
  }
}
