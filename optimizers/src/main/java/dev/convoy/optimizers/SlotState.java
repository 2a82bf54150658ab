package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import java.util.HashMap;
import java.util.Map;

/**
 * An optimizer's per-parameter state, keyed by {@link Parameter#name()}: a fixed number of volumes
 * shaped like the parameter (zero-filled when first seen) and the count of steps taken, for bias
 * corrections and decays.
 */
final class SlotState {
  private final int slots;
  private final Map<String, Slots> byName = new HashMap<>();

  SlotState(int slots) {
    this.slots = slots;
  }

  /** One parameter's state. {@link #fresh()} tells whether it was just made. */
  static final class Slots {
    private final Volume[] volumes;
    private long steps;

    private Slots(Volume[] volumes) {
      this.volumes = volumes;
    }

    Volume get(int slot) {
      return volumes[slot];
    }

    /** True until the first {@link #countStep()}. */
    boolean fresh() {
      return steps == 0;
    }

    /** Counts this step and returns its 1-based number. */
    long countStep() {
      return ++steps;
    }
  }

  /** The state of {@code p}, made on first use. */
  Slots of(Backend backend, Parameter p) {
    return byName.computeIfAbsent(p.name(), name -> {
      Volume[] volumes = new Volume[slots];
      for (int i = 0; i < slots; i++) {
        volumes[i] = backend.allocate(p.value().shape());
      }
      return new Slots(volumes);
    });
  }
}
