package dev.convoy.formats.proto;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.formats.proto.gen.Attribute;
import dev.convoy.formats.proto.gen.FloatList;
import dev.convoy.formats.proto.gen.IntList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link Attributes} to and from {@code convoy.v1.Attribute}: the five kinds map one to one. */
final class AttributeCodec {
  private AttributeCodec() {}

  static List<Attribute> encode(Attributes attributes, String owner) {
    List<Attribute> out = new ArrayList<>();
    for (String name : attributes.names()) {
      Attribute.Builder a = Attribute.newBuilder().setName(name);
      switch (attributes.raw(name)) {
        case Integer i -> a.setI(i);
        case Float f -> a.setF(f);
        case String s -> a.setS(s);
        case int[] ints -> {
          IntList.Builder list = IntList.newBuilder();
          for (int v : ints) {
            list.addValues(v);
          }
          a.setInts(list);
        }
        case float[] floats -> {
          FloatList.Builder list = FloatList.newBuilder();
          for (float v : floats) {
            list.addValues(v);
          }
          a.setFloats(list);
        }
        case Object other -> throw new ConvoyException(owner + ": attribute '" + name + "' holds a "
            + other.getClass().getName() + ", which a checkpoint cannot store (ints, floats, strings, int and float lists only)");
      }
      out.add(a.build());
    }
    return out;
  }

  /** {@code owner} names the node or optimizer in messages, e.g. {@code node 'conv1' (Conv)}. */
  static Attributes decode(List<Attribute> encoded, String owner) {
    Attributes attributes = Attributes.empty();
    Set<String> seen = new HashSet<>();
    for (Attribute a : encoded) {
      if (!seen.add(a.getName())) {
        throw new ConvoyException(owner + " has the attribute '" + a.getName() + "' twice");
      }
      attributes = switch (a.getValueCase()) {
        case I -> attributes.with(a.getName(), a.getI());
        case F -> attributes.with(a.getName(), a.getF());
        case S -> attributes.with(a.getName(), a.getS());
        case INTS -> attributes.with(a.getName(), a.getInts().getValuesList().stream().mapToInt(Integer::intValue).toArray());
        case FLOATS -> attributes.with(a.getName(), toFloats(a.getFloats()));
        case VALUE_NOT_SET -> throw new ConvoyException(owner + ": attribute '" + a.getName() + "' has no value");
      };
    }
    return attributes;
  }

  private static float[] toFloats(FloatList list) {
    float[] values = new float[list.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.getValues(i);
    }
    return values;
  }
}
