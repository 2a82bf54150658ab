package dev.convoy.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: a header row, then rows, columns left-aligned two spaces apart. */
final class TablePrinter {
  private static final String GAP = "  ";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TablePrinter(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; it must have one cell per header. Null cells print empty, line breaks as spaces. */
  TablePrinter row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(TablePrinter::clean).toList());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (List<String> line : lines()) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    for (List<String> line : lines()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        text.append(line.get(i));
        if (i < widths.length - 1) {
          text.append(" ".repeat(widths[i] - line.get(i).length())).append(GAP);
        }
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private List<List<String>> lines() {
    List<List<String>> all = new ArrayList<>(rows.size() + 1);
    all.add(headers);
    all.addAll(rows);
    return all;
  }

  private static String clean(String cell) {
    return cell == null ? "" : cell.replaceAll("\\s*\\R\\s*", " ");
  }
}
