package dev.convoy.app.summary;

import java.util.List;

/**
 * One row of the notes' table: a layer's label ({@code CONV3-64}), its output volume, the values it
 * holds per image and the weights it has, each with the arithmetic shown, plus the node it
 * describes, the in-place layers folded into it ({@code RELU}) and the rows it reads when they are
 * not simply the row above (branches and merges).
 *
 * @param memory activation values per image
 * @param weights weight values, biases not included (the notes' table counts weights)
 */
public record SummaryRow(String label, String volume, String memoryFormula, long memory, String weightsFormula,
    long weights, String node, List<String> folded, List<String> inputs) {

  public SummaryRow {
    folded = List.copyOf(folded);
    inputs = List.copyOf(inputs);
  }

  /** The notes' line: {@code CONV3-64: [224x224x64]  memory: 224*224*64=3.2M  weights: (3*3*3)*64 = 1,728}. */
  public String notesText() {
    return label + ": [" + volume + "]  memory: " + memoryFormula + "  weights: " + weightsFormula;
  }

  /** The node, what is folded into it and what it reads: {@code add1 <- bn2, pool1 +RELU}. */
  public String nodeText() {
    StringBuilder text = new StringBuilder(node);
    if (!inputs.isEmpty()) {
      text.append(" <- ").append(String.join(", ", inputs));
    }
    folded.forEach(type -> text.append(" +").append(type));
    return text.toString();
  }
}
