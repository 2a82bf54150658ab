package dev.convoy.bench;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import java.util.ServiceLoader;

/** Finds a backend by name with ServiceLoader, as the runtime does, and fails loudly if it cannot run. */
final class Backends {
  private Backends() {}

  static Backend create(String name) {
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.name().equals(name)) {
        BackendProvider.Availability a = p.availability();
        if (!a.available()) {
          throw new IllegalStateException("backend " + name + " is unavailable: " + a.reason());
        }
        return p.create();
      }
    }
    throw new IllegalStateException("backend " + name + " is not on the class path");
  }

  static float[] random(int count, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }
}
