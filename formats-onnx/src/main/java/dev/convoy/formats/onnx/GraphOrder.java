package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.formats.onnx.gen.NodeProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an ONNX graph's wiring before anything is evaluated: every value produced once, every
 * input produced by something, no cycles; and returns the nodes in an order that runs producers first.
 */
final class GraphOrder {
  private GraphOrder() {}

  static String nodeName(NodeProto node, int index) {
    String name = node.getName().isEmpty() ? node.getOpType() + "#" + index : node.getName();
    return "node '" + name + "' (" + node.getOpType() + ")";
  }

  static List<Integer> sort(List<NodeProto> nodes, Set<String> given) {
    Map<String, Integer> producer = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String out : nodes.get(i).getOutputList()) {
        if (out.isEmpty()) {
          continue;
        }
        if (given.contains(out) || producer.putIfAbsent(out, i) != null) {
          problems.add(nodeName(nodes.get(i), i) + " writes '" + out + "', which is already defined");
        }
      }
    }
    int[] unmet = new int[nodes.size()];
    Map<Integer, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : nodes.get(i).getInputList()) {
        if (in.isEmpty() || given.contains(in)) {
          continue;
        }
        Integer from = producer.get(in);
        if (from == null) {
          problems.add(nodeName(nodes.get(i), i) + " reads '" + in
              + "', which is no graph input, initializer or node output");
        } else {
          unmet[i]++;
          readers.computeIfAbsent(from, k -> new ArrayList<>()).add(i);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConvoyException(String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
          + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""));
    }
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < unmet.length; i++) {
      if (unmet[i] == 0) {
        ready.add(i);
      }
    }
    List<Integer> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.removeFirst();
      order.add(i);
      for (int r : readers.getOrDefault(i, List.of())) {
        if (--unmet[r] == 0) {
          ready.add(r);
        }
      }
    }
    if (order.size() < nodes.size()) {
      Set<String> stuck = new LinkedHashSet<>();
      for (int i = 0; i < nodes.size() && stuck.size() < 10; i++) {
        if (unmet[i] > 0) {
          stuck.add(nodeName(nodes.get(i), i));
        }
      }
      throw new ConvoyException("the graph has a cycle through " + stuck + "; an ONNX graph must be acyclic");
    }
    return order;
  }
}
