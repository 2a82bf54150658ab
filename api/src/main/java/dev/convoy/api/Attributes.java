package dev.convoy.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named, typed hyperparameters: ints, floats, strings, int lists and float lists, the same kinds an
 * ONNX node carries, so any layer or optimizer (a plugin's too) can be saved without a format change.
 * Immutable; {@link #with} returns a copy. An int list attribute also answers {@link #ints} when it
 * was given as a single int (kernel 3 means 3x3).
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Map.of());
  private final Map<String, Object> values;

  private Attributes(Map<String, Object> values) {
    this.values = values;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  private Attributes put(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new Attributes(Collections.unmodifiableMap(copy));
  }

  public Attributes with(String name, int value) {
    return put(name, value);
  }

  public Attributes with(String name, float value) {
    return put(name, value);
  }

  public Attributes with(String name, String value) {
    return put(name, value);
  }

  public Attributes with(String name, int... value) {
    return put(name, value.clone());
  }

  public Attributes with(String name, float... value) {
    return put(name, value.clone());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Set<String> names() {
    return values.keySet();
  }

  /** The raw value: Integer, Float, String, int[] or float[] (arrays are copies). */
  public Object raw(String name) {
    Object v = values.get(name);
    if (v instanceof int[] a) {
      return a.clone();
    }
    if (v instanceof float[] a) {
      return a.clone();
    }
    return v;
  }

  public int getInt(String name, int fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof int[] a && a.length == 1) {
      return a[0];
    }
    throw wrongKind(name, "an int");
  }

  public float getFloat(String name, float fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw wrongKind(name, "a float");
  }

  public String getString(String name, String fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrongKind(name, "a string");
  }

  /**
   * An int list of length {@code count}; a single int is repeated, so {@code kernel=3} reads as
   * {@code [3, 3]}. Absent: {@code fallback} repeated.
   */
  public int[] ints(String name, int count, int fallback) {
    Object v = values.get(name);
    if (v == null) {
      int[] out = new int[count];
      Arrays.fill(out, fallback);
      return out;
    }
    if (v instanceof Integer i) {
      int[] out = new int[count];
      Arrays.fill(out, i);
      return out;
    }
    if (v instanceof int[] a) {
      if (a.length == count) {
        return a.clone();
      }
      if (a.length == 1) {
        int[] out = new int[count];
        Arrays.fill(out, a[0]);
        return out;
      }
      throw new ConvoyException("attribute '" + name + "' has " + a.length + " values " + Arrays.toString(a)
          + ", expected 1 or " + count);
    }
    throw wrongKind(name, "an int or int list");
  }

  public float[] floats(String name) {
    Object v = values.get(name);
    if (v == null) {
      return new float[0];
    }
    if (v instanceof float[] a) {
      return a.clone();
    }
    if (v instanceof Float f) {
      return new float[] {f};
    }
    throw wrongKind(name, "a float list");
  }

  /** Fails naming every attribute not in {@code known}: catches typos such as {@code strde}. */
  public void requireOnly(String owner, Set<String> known) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ConvoyException(owner + ": unknown attribute(s) " + unknown + " (known: " + new TreeSet<>(known) + ")");
    }
  }

  private ConvoyException wrongKind(String name, String expected) {
    return new ConvoyException("attribute '" + name + "' is " + describe(values.get(name)) + ", expected " + expected);
  }

  private static String describe(Object v) {
    if (v instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof float[] a) {
      return Arrays.toString(a);
    }
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attributes other) || !values.keySet().equals(other.values.keySet())) {
      return false;
    }
    for (var e : values.entrySet()) {
      if (!Arrays.deepEquals(new Object[] {e.getValue()}, new Object[] {other.values.get(e.getKey())})) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return values.keySet().hashCode();
  }

  /** {@code {filters=64, kernel=3, pad=1}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (var e : values.entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(e.getKey()).append('=').append(describe(e.getValue()));
    }
    return sb.append('}').toString();
  }
}
