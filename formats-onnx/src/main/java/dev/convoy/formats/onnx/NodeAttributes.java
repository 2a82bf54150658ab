package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.formats.onnx.gen.AttributeProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import java.util.HashMap;
import java.util.Map;

/** The attributes of one ONNX node, read by name with defaults; errors name the node. */
final class NodeAttributes {
  private final String node;
  private final Map<String, AttributeProto> byName = new HashMap<>();

  NodeAttributes(NodeProto proto, String node) {
    this.node = node;
    for (AttributeProto a : proto.getAttributeList()) {
      byName.put(a.getName(), a);
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long getInt(String name, long fallback) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return fallback;
    }
    if (!a.hasI()) {
      throw wrong(name, "an int");
    }
    return a.getI();
  }

  /** An int that must fit Java's int, e.g. an axis or a group count. */
  int getSmallInt(String name, int fallback) {
    long v = getInt(name, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ConvoyException(node + ": attribute '" + name + "'=" + v + " is out of range");
    }
    return (int) v;
  }

  float getFloat(String name, float fallback) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return fallback;
    }
    if (!a.hasF()) {
      throw wrong(name, "a float");
    }
    return a.getF();
  }

  String getString(String name, String fallback) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return fallback;
    }
    if (!a.hasS()) {
      throw wrong(name, "a string");
    }
    return a.getS().toStringUtf8();
  }

  /** An int list; null when absent. */
  long[] ints(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    long[] out = new long[a.getIntsCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.getInts(i);
    }
    return out;
  }

  /** An int list whose values fit Java's int, each within [min, max]; null when absent. */
  int[] smallInts(String name, long min, long max) {
    long[] v = ints(name);
    if (v == null) {
      return null;
    }
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < min || v[i] > max) {
        throw new ConvoyException(node + ": attribute '" + name + "' holds " + v[i] + ", outside [" + min + ", "
            + max + "]");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  AttributeProto raw(String name) {
    return byName.get(name);
  }

  private ConvoyException wrong(String name, String expected) {
    return new ConvoyException(node + ": attribute '" + name + "' is not " + expected);
  }
}
