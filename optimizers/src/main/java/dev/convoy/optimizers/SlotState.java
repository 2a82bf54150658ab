package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An optimizer's per-parameter state, keyed by {@link Parameter#name()}: named volumes shaped like
 * the parameter (zero-filled when first seen) and the count of steps taken, for bias corrections
 * and decays. It is exported as {@code <parameter>/<slot>} arrays plus {@code <parameter>/step};
 * imported state waits as arrays until its parameter's first step, which uploads it to the backend.
 */
final class SlotState {
  static final String STEP = "step";

  private final String optimizer;
  private final List<String> slotNames;
  private final Map<String, Slots> byName = new HashMap<>();
  private Map<String, Saved> imported = new HashMap<>();

  SlotState(String optimizer, List<String> slotNames) {
    this.optimizer = optimizer;
    this.slotNames = List.copyOf(slotNames);
  }

  int slots() {
    return slotNames.size();
  }

  /** One parameter's state. {@link #fresh()} tells whether it was just made. */
  static final class Slots {
    private final Volume[] volumes;
    private long steps;

    private Slots(Volume[] volumes, long steps) {
      this.volumes = volumes;
      this.steps = steps;
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

  /** One parameter's imported state, not yet on a backend. */
  private record Saved(float[][] slots, long steps) {}

  /** The state of {@code p}: imported, or made zero-filled on first use. */
  Slots of(Backend backend, Parameter p) {
    Slots s = byName.get(p.name());
    if (s == null) {
      Saved saved = imported.remove(p.name());
      Volume[] volumes = new Volume[slotNames.size()];
      for (int i = 0; i < volumes.length; i++) {
        volumes[i] = saved == null ? backend.allocate(p.value().shape())
            : backend.upload(p.value().shape(), sized(saved.slots()[i], p, slotNames.get(i)));
      }
      s = new Slots(volumes, saved == null ? 0 : saved.steps());
      byName.put(p.name(), s);
    }
    return s;
  }

  /**
   * Before a step with imported state still waiting: it must belong to exactly the trainable
   * {@code parameters}, or the run would silently restart some of them.
   */
  void checkImportedFits(List<? extends Parameter> parameters) {
    if (imported.isEmpty()) {
      return;
    }
    Set<String> trainable = new HashSet<>();
    for (Parameter p : parameters) {
      if (p.trainable()) {
        trainable.add(p.name());
        if (!imported.containsKey(p.name()) && !byName.containsKey(p.name())) {
          throw new ConvoyException("optimizer " + optimizer + ": the saved state has nothing for parameter '"
              + p.name() + "' (it has " + new TreeMap<>(imported).keySet() + "); it was saved for another network");
        }
      }
    }
    for (String name : imported.keySet()) {
      if (!trainable.contains(name)) {
        throw new ConvoyException("optimizer " + optimizer + ": the saved state is for parameter '" + name
            + "', which the network does not have (or does not train); it was saved for another network");
      }
    }
  }

  /** Every parameter's slots and step count, sorted by name. */
  Map<String, float[]> export() {
    Map<String, float[]> out = new TreeMap<>();
    byName.forEach((name, s) -> {
      for (int i = 0; i < slotNames.size(); i++) {
        out.put(name + "/" + slotNames.get(i), s.get(i).toArray());
      }
      out.put(name + "/" + STEP, StepCount.encode(s.steps));
    });
    imported.forEach((name, saved) -> {
      for (int i = 0; i < slotNames.size(); i++) {
        out.put(name + "/" + slotNames.get(i), saved.slots()[i].clone());
      }
      out.put(name + "/" + STEP, StepCount.encode(saved.steps()));
    });
    return out;
  }

  /** Replaces all state with {@code state} (as {@link #export} writes it), after checking that it is complete. */
  void importFrom(Map<String, float[]> state) {
    Map<String, float[][]> slots = new HashMap<>();
    Map<String, Long> steps = new HashMap<>();
    for (var e : state.entrySet()) {
      String key = e.getKey();
      int split = key.lastIndexOf('/');
      String slot = split < 0 ? "" : key.substring(split + 1);
      String parameter = split < 0 ? "" : key.substring(0, split);
      if (slot.equals(STEP)) {
        steps.put(parameter, StepCount.decode(e.getValue(), optimizer + " state '" + key + "'"));
      } else if (slotNames.contains(slot) && !parameter.isEmpty()) {
        slots.computeIfAbsent(parameter, k -> new float[slotNames.size()][])[slotNames.indexOf(slot)] =
            e.getValue().clone();
      } else {
        throw new ConvoyException("optimizer " + optimizer + ": saved state '" + key + "' is none of its "
            + "<parameter>/<slot> arrays (slots " + slotNames + " and " + STEP + "); it was saved by another "
            + "optimizer or with other hyperparameters");
      }
    }
    Map<String, Saved> complete = new HashMap<>();
    Set<String> parameters = new HashSet<>(slots.keySet());
    parameters.addAll(steps.keySet());
    for (String p : parameters) {
      float[][] values = slots.getOrDefault(p, new float[slotNames.size()][]);
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          throw new ConvoyException("optimizer " + optimizer + ": the saved state lacks '" + p + "/"
              + slotNames.get(i) + "'; it was saved by another optimizer or with other hyperparameters");
        }
      }
      if (!steps.containsKey(p)) {
        throw new ConvoyException("optimizer " + optimizer + ": the saved state lacks '" + p + "/" + STEP + "'");
      }
      complete.put(p, new Saved(values, steps.get(p)));
    }
    byName.clear();
    imported = complete;
  }

  private float[] sized(float[] values, Parameter p, String slot) {
    if (values.length != p.value().shape().size()) {
      throw new ConvoyException("optimizer " + optimizer + ": saved state '" + p.name() + "/" + slot + "' has "
          + values.length + " values but parameter '" + p.name() + "' has " + p.value().shape().size() + " ("
          + p.value().shape() + "); it was saved for another network");
    }
    return values;
  }
}
