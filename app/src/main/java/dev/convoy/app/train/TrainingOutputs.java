package dev.convoy.app.train;

import dev.convoy.api.ConvoyException;
import dev.convoy.app.report.TrainingReport;
import dev.convoy.data.Dataset;
import dev.convoy.data.Normalization;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.OptimizerState;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Node;
import dev.convoy.zoo.ZooModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The files {@code train --out FILE} writes: the model, and next to it {@code NAME.curves.png} and
 * {@code NAME.filters.png}. Checked before training starts, so a bad path fails in a second, not
 * after an hour; each file is written to a temporary file and renamed, so nothing good is lost.
 */
public final class TrainingOutputs {
  private final Path model;
  private final Path curves;
  private final Path filters;

  private TrainingOutputs(Path model, Path curves, Path filters) {
    this.model = model;
    this.curves = curves;
    this.filters = filters;
  }

  /** Checks {@code out} (null: nothing is saved) and derives the report's file names. */
  public static TrainingOutputs plan(Path out) {
    if (out == null) {
      return new TrainingOutputs(null, null, null);
    }
    String name = out.getFileName() == null ? "" : out.getFileName().toString();
    if (!name.endsWith(".convoy") || name.length() == ".convoy".length()) {
      throw new ConvoyException("--out " + out + ": name the model file NAME.convoy");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new ConvoyException("--out " + out + ": the folder " + dir + " does not exist; create it first");
    }
    if (!Files.isWritable(dir)) {
      throw new ConvoyException("--out " + out + ": the folder " + dir + " is not writable");
    }
    if (Files.isDirectory(out)) {
      throw new ConvoyException("--out " + out + " is a folder; name a file NAME.convoy");
    }
    String stem = name.substring(0, name.length() - ".convoy".length());
    return new TrainingOutputs(out, dir.resolve(stem + ".curves.png"), dir.resolve(stem + ".filters.png"));
  }

  /** Whether there is a file to save to. */
  public boolean saves() {
    return model != null;
  }

  /**
   * Saves the model with what {@code train --resume} needs to continue its run exactly (the
   * options, training and optimizer state, the history so far) and, with {@code report}, the
   * report of the history. The report goes first, so a checkpoint never stands beside the report of
   * an older one; each file is replaced atomically.
   */
  public void save(Model trained, ZooModel zoo, Dataset train, Normalization normalization, TrainingRecipe recipe,
      TrainingState training, OptimizerState optimizer, TrainingHistory history, int batchesPerEpoch, boolean report)
      throws IOException {
    if (model == null) {
      return;
    }
    if (report && !history.epochs().isEmpty()) {
      TrainingReport.writeCurves(curves, history.epochs(), history.batchLosses(), batchesPerEpoch,
          history.epochs().getFirst().epoch());
      for (Node node : trained.network().nodes()) {
        if (node.spec().type().equals("Conv")) {
          var weight = trained.parameter(node.qualify("weight")).value();
          TrainingReport.writeFilters(filters, weight.toArray(), weight.shape().dims());
          break;
        }
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>(
        new ModelMetadata(zoo.name(), train.name(), train.classNames(), normalization).toMap());
    metadata.putAll(recipe.toMap());
    metadata.putAll(history.toMap());
    ConvoyCheckpoint.write(model, trained, metadata, training, optimizer);
  }

  /** Says where the run was saved, or how to keep the next one. */
  public void tell(PrintWriter out) {
    if (model == null) {
      out.println("model not saved: add --out NAME.convoy to keep it (and get the report pictures)");
      return;
    }
    out.printf(Locale.ROOT, "saved %s; report: %s, %s%n", model.toAbsolutePath(), curves, filters);
  }
}
