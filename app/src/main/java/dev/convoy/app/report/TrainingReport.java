package dev.convoy.app.report;

import dev.convoy.formats.proto.AtomicFile;
import dev.convoy.runtime.EpochResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The pictures written next to a trained model: loss and accuracy curves, and the first CONV
 * layer's filters. Each PNG is replaced atomically ({@link AtomicFile}), so a failure never leaves a
 * half-written picture where a good one was.
 */
public final class TrainingReport {
  private TrainingReport() {}

  /**
   * Loss per batch (x = fractional epoch) with epoch means, and train/test accuracy per epoch.
   *
   * @param batchLosses one loss per training step, in order
   * @param batchesPerEpoch steps in one epoch, to place batch losses on the epoch axis
   */
  public static void writeCurves(Path file, List<EpochResult> epochs, float[] batchLosses, int batchesPerEpoch,
      int firstEpoch) throws IOException {
    BufferedImage image = new BufferedImage(1000, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    double[] batchX = new double[batchLosses.length];
    double[] batchY = new double[batchLosses.length];
    for (int i = 0; i < batchLosses.length; i++) {
      batchX[i] = firstEpoch - 1 + (i + 1) / (double) Math.max(1, batchesPerEpoch);
      batchY[i] = batchLosses[i];
    }
    double[] epochX = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
    double lastEpoch = epochs.isEmpty() ? firstEpoch : epochs.getLast().epoch();
    new LineChart("Training loss", "epoch")
        .xRange(firstEpoch - 1, lastEpoch)
        .add(new LineChart.Series("loss per batch", new Color(150, 180, 230), batchX, batchY, false))
        .add(new LineChart.Series("mean per epoch", new Color(20, 60, 160), epochX,
            epochs.stream().mapToDouble(EpochResult::trainLoss).toArray(), true))
        .draw(g, 0, 0, 500, 400);
    new LineChart("Accuracy", "epoch")
        .xRange(firstEpoch - 1, lastEpoch)
        .yRange(0, 1)
        .add(new LineChart.Series("train", new Color(20, 60, 160), epochX,
            epochs.stream().mapToDouble(EpochResult::trainAccuracy).toArray(), true))
        .add(new LineChart.Series("test", new Color(200, 80, 20), epochX,
            epochs.stream().mapToDouble(EpochResult::testAccuracy).toArray(), true))
        .draw(g, 500, 0, 500, 400);
    g.dispose();
    writeAtomically(file, image);
  }

  /** The filters of a CONV layer with weights {@code [k, c, kh, kw]}. */
  public static void writeFilters(Path file, float[] weights, int[] dims) throws IOException {
    writeAtomically(file, FilterGrid.render(weights, dims[0], dims[1], dims[2], dims[3]));
  }

  private static void writeAtomically(Path file, BufferedImage image) throws IOException {
    // The checkpoint's writer: no temporary file outlives it, whatever ends the run.
    AtomicFile.replace(file, out -> {
      // In memory, not ImageIO's default cache file in the temp folder, which a kill would leave.
      try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
        if (!ImageIO.write(image, "png", stream)) {
          throw new IOException("no PNG writer available");
        }
      }
    });
  }
}
