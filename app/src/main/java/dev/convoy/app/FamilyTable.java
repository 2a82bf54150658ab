package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.kernels.KernelFamilies;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel families of every available backend, one row per family and one column per backend:
 * {@code native} where the backend implements the family itself, {@code host fallback} where the
 * reference backend's kernels run on host copies instead. Opening a backend to ask is cheap for the
 * CPU backends; a backend that fails to open shows why in its column.
 */
final class FamilyTable {
  private final List<String> backends = new ArrayList<>();
  private final List<List<String>> columns = new ArrayList<>();

  private FamilyTable() {}

  static FamilyTable of(List<BackendProvider> providers) {
    FamilyTable table = new FamilyTable();
    for (BackendProvider provider : providers) {
      if (isAvailable(provider)) {
        table.backends.add(provider.name());
        table.columns.add(column(provider));
      }
    }
    return table;
  }

  void print(PrintWriter out) {
    if (backends.isEmpty()) {
      return;
    }
    List<String> headers = new ArrayList<>();
    headers.add("FAMILY");
    headers.addAll(backends);
    TablePrinter table = new TablePrinter(headers.toArray(String[]::new));
    for (int f = 0; f < KernelFamilies.STANDARD.size(); f++) {
      List<String> cells = new ArrayList<>();
      cells.add(KernelFamilies.shortName(KernelFamilies.STANDARD.get(f)));
      for (List<String> column : columns) {
        cells.add(column.get(f));
      }
      table.row(cells.toArray(String[]::new));
    }
    table.print(out);
  }

  private static List<String> column(BackendProvider provider) {
    List<String> cells = new ArrayList<>();
    try (Backend backend = provider.create()) {
      for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
        cells.add(backend.nativeFamily(family).isPresent() ? "native" : "host fallback");
      }
    } catch (RuntimeException | LinkageError e) {
      KernelFamilies.STANDARD.forEach(f -> cells.add("? (" + e.getMessage() + ")"));
    }
    return cells;
  }

  private static boolean isAvailable(BackendProvider provider) {
    try {
      return provider.availability().available();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
