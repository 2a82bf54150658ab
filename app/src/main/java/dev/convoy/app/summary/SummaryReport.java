package dev.convoy.app.summary;

import static dev.convoy.app.summary.NotesNumbers.approximate;
import static dev.convoy.app.summary.NotesNumbers.bytes;
import static dev.convoy.app.summary.NotesNumbers.grouped;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link NetworkSummary} as the notes print VGG-16: one aligned line per layer, the two
 * TOTAL lines, then the exact counts and the memory training would take.
 */
public final class SummaryReport {
  private SummaryReport() {}

  public static void print(PrintWriter out, String title, NetworkSummary summary, TrainingMemory training) {
    out.println(title);
    out.println();
    printRows(out, summary.rows());
    out.println();
    long forwardBytes = summary.activations() * TrainingMemory.BYTES;
    out.printf(Locale.ROOT, "TOTAL memory: %s * %d bytes ~= %s / image (only forward! ~*2 for bwd)%n",
        approximate(summary.activations(), 3), TrainingMemory.BYTES, bytes(forwardBytes));
    out.printf(Locale.ROOT, "TOTAL params: %s parameters%n", approximate(summary.parameters(), 3));
    out.println();
    out.printf(Locale.ROOT, "activations: %s values per image (%s forward, %s with backward)%n",
        grouped(summary.activations()), bytes(forwardBytes), bytes(2.0 * forwardBytes));
    out.printf(Locale.ROOT, "parameters:  %s weights + %s biases = %s%s%n", grouped(summary.weights()),
        grouped(summary.biases()), grouped(summary.parameters()),
        summary.statistics() == 0 ? "" : " (plus " + grouped(summary.statistics())
            + " running statistics, saved but not trained)");
    out.println();
    printTraining(out, training);
    if (!summary.foldedTypes().isEmpty()) {
      out.println();
      out.println(String.join("/", summary.foldedTypes()) + " nodes right after a layer are shown on its row (+"
          + summary.foldedTypes().getFirst() + ") with no memory of their own: they can work in place, as the notes"
          + " count them; --all-nodes gives every node its own row and memory.");
    }
    out.flush();
  }

  private static void printRows(PrintWriter out, List<SummaryRow> rows) {
    List<String[]> cells = new ArrayList<>();
    for (SummaryRow row : rows) {
      cells.add(new String[] {row.label() + ":", "[" + row.volume() + "]", "memory: " + row.memoryFormula(),
          "weights: " + row.weightsFormula(), row.nodeText()});
    }
    int[] widths = new int[5];
    for (String[] line : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(line[i]).append(" ".repeat(widths[i] - line[i].length() + 2));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private static void printTraining(PrintWriter out, TrainingMemory t) {
    out.printf(Locale.ROOT, "training memory for batch %d with %s (%d value%s of state per parameter), float32:%n",
        t.batch(), t.optimizer(), t.stateSlots(), t.stateSlots() == 1 ? "" : "s");
    List<String[]> lines = new ArrayList<>();
    lines.add(line("parameters", t.parameters(), ""));
    if (t.statistics() > 0) {
      lines.add(line("statistics", t.statistics(), "e.g. BatchNorm running mean and variance: no gradient"));
    }
    lines.add(line("gradients", t.gradients(), ""));
    lines.add(line("optimizer state", t.optimizerState(), t.stateSlots() + " x parameters"));
    lines.add(line("activations", t.activations(), "2 x " + grouped(t.activationsPerImage())
        + " per image, forward and backward, batch " + t.batch()));
    lines.add(line("total", t.totalValues(), ""));
    int[] widths = new int[4];
    for (String[] l : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], l[i].length());
      }
    }
    for (String[] l : lines) {
      String text = "  " + pad(l[0], widths[0]) + "  " + padLeft(l[1], widths[1]) + " values  "
          + padLeft(l[2], widths[2]) + (l[3].isEmpty() ? "" : "  (" + l[3] + ")");
      out.println(text.stripTrailing());
    }
  }

  private static String[] line(String what, long values, String note) {
    return new String[] {what, grouped(values), bytes((double) values * TrainingMemory.BYTES), note};
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
