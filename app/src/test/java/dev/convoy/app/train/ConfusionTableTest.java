package dev.convoy.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionTableTest {

  @Test
  void columnsLineUpAndRecallIsPerTrueClass() {
    StringWriter text = new StringWriter();
    ConfusionTable.print(new PrintWriter(text, true), new int[][] {{8, 2, 0}, {1, 1000, 0}, {0, 0, 0}},
        List.of("T-shirt/top", "Trouser", "Bag"));
    List<String> lines = text.toString().lines().toList();
    assertEquals(4, lines.size(), text.toString());
    assertTrue(lines.stream().allMatch(l -> l.length() == lines.getFirst().length()), text.toString());
    assertTrue(lines.get(1).startsWith("0 T-shirt/top"), text.toString());
    assertTrue(lines.get(1).endsWith("0.800"), text.toString());
    assertTrue(lines.get(2).endsWith("0.999"), text.toString());
    assertTrue(lines.get(3).endsWith("0.000"), "no examples of the class: " + text);
  }
}
