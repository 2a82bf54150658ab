package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/**
 * Per-channel standardisation, {@code (x - mean[c]) / std[c]}, the notes' "zero-centre and
 * normalise" step. {@link #fit} computes mean and standard deviation from a training set; the
 * same values must then be used for the test set and at inference, which is why they can be
 * read back ({@link #mean()}, {@link #std()}) and rebuilt ({@link #of}) from a checkpoint.
 */
public final class Normalization {
  private final float[] mean;
  private final float[] std;
  private final float[] inverseStd;

  private Normalization(float[] mean, float[] std) {
    if (mean.length != std.length || mean.length == 0) {
      throw new ConvoyException("normalization needs one mean and one std per channel, got "
          + mean.length + " means and " + std.length + " stds");
    }
    this.mean = mean.clone();
    this.std = std.clone();
    this.inverseStd = new float[std.length];
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new ConvoyException("normalization of channel " + c + " has mean " + mean[c]
            + " and std " + std[c] + "; the mean must be finite and the std positive");
      }
      inverseStd[c] = 1f / std[c];
    }
  }

  /** Given per-channel means and standard deviations (of pixel values in [0, 1]). */
  public static Normalization of(float[] mean, float[] std) {
    return new Normalization(mean, std);
  }

  /** Leaves values unchanged: mean 0, std 1. */
  public static Normalization identity(int channels) {
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Normalization(new float[channels], ones);
  }

  /**
   * The mean and (population) standard deviation of each channel over every pixel of every image
   * of {@code dataset}. A constant channel gets std 1, so it is centred but not blown up.
   */
  public static Normalization fit(Dataset dataset) {
    int channels = dataset.channels();
    int plane = dataset.height() * dataset.width();
    // Pixels are bytes: a histogram per channel gives exact sums in one cheap pass.
    long[][] histogram = new long[channels][256];
    for (int i = 0; i < dataset.size(); i++) {
      for (int c = 0; c < channels; c++) {
        long[] h = histogram[c];
        for (int k = c * plane, end = k + plane; k < end; k++) {
          h[dataset.rawPixel(i, k)]++;
        }
      }
    }
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double count = 0;
      double sum = 0;
      for (int v = 0; v < 256; v++) {
        count += histogram[c][v];
        sum += (double) v * histogram[c][v];
      }
      double m = sum / count;
      double squares = 0;
      for (int v = 0; v < 256; v++) {
        squares += (v - m) * (v - m) * histogram[c][v];
      }
      double s = Math.sqrt(squares / count) / 255;
      mean[c] = (float) (m / 255);
      std[c] = s > 1e-6 ? (float) s : 1f;
    }
    return new Normalization(mean, std);
  }

  public int channels() {
    return mean.length;
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }

  /** Normalises one CHW image of {@code channels() * planeSize} values in place. */
  public void apply(float[] image, int offset, int planeSize) {
    for (int c = 0; c < mean.length; c++) {
      float m = mean[c];
      float inv = inverseStd[c];
      for (int k = offset + c * planeSize, end = k + planeSize; k < end; k++) {
        image[k] = (image[k] - m) * inv;
      }
    }
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
