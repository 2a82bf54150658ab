package dev.convoy.app.train;

import java.io.PrintWriter;
import java.util.List;

/** A confusion matrix as text: rows are true classes, columns predicted ones, with per-class recall. */
public final class ConfusionTable {
  private ConfusionTable() {}

  public static void print(PrintWriter out, int[][] confusion, List<String> names) {
    int classes = confusion.length;
    String corner = "true \\ predicted";
    int labelWidth = corner.length();
    for (int k = 0; k < classes; k++) {
      labelWidth = Math.max(labelWidth, label(names, k).length());
    }
    int cell = 6;
    for (int[] row : confusion) {
      for (int v : row) {
        cell = Math.max(cell, Integer.toString(v).length() + 1);
      }
    }
    StringBuilder header = new StringBuilder(pad(corner, labelWidth));
    for (int k = 0; k < classes; k++) {
      header.append(leftPad(Integer.toString(k), cell));
    }
    out.println(header.append("  recall"));
    for (int t = 0; t < classes; t++) {
      StringBuilder line = new StringBuilder(pad(label(names, t), labelWidth));
      int total = 0;
      for (int p = 0; p < classes; p++) {
        line.append(leftPad(Integer.toString(confusion[t][p]), cell));
        total += confusion[t][p];
      }
      line.append(String.format(java.util.Locale.ROOT, "%8.3f", total == 0 ? 0 : (double) confusion[t][t] / total));
      out.println(line);
    }
  }

  /** {@code 3 Dress}: the index heads the column, the name says what it is. */
  private static String label(List<String> names, int k) {
    return k < names.size() ? k + " " + names.get(k) : Integer.toString(k);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String leftPad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
