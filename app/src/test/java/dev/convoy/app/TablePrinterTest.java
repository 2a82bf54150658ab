package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

  private static String print(TablePrinter table) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    table.print(out);
    out.flush();
    return text.toString().replace(System.lineSeparator(), "\n");
  }

  @Test
  void padsEveryColumnButTheLastToItsWidestCell() {
    TablePrinter table = new TablePrinter("A", "LONG HEADER", "C")
        .row("wide cell", "x", "last")
        .row("y", null, "");

    assertEquals("""
        A          LONG HEADER  C
        wide cell  x            last
        y
        """, print(table));
  }

  @Test
  void lineBreaksInACellBecomeSpaces() {
    assertEquals("H\none two\n", print(new TablePrinter("H").row("one\n  two")));
  }

  @Test
  void aRowMustFitTheHeaders() {
    assertThrows(IllegalArgumentException.class, () -> new TablePrinter("A", "B").row("only one"));
  }
}
