package dev.convoy.runtime;

import dev.convoy.api.Init;
import dev.convoy.api.ParamSpec;
import java.util.Random;

/** Draws a parameter's starting values from its {@link Init}; the same seed gives the same values. */
final class ParameterInitializer {
  private ParameterInitializer() {}

  static float[] values(ParamSpec spec, Random random) {
    float[] values = new float[spec.shape().intSize()];
    switch (spec.init()) {
      case Init.Constant c -> java.util.Arrays.fill(values, c.value());
      case Init.Uniform u -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * u.bound());
        }
      }
      case Init.Normal n -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * n.std());
        }
      }
    }
    return values;
  }
}
