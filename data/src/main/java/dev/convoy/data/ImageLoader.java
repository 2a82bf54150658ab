package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads one PNG or JPEG file into a fixed-size CHW image with 1 (grey) or 3 (RGB) channels, as
 * {@link ImageFolderReader} does for every file of a folder and {@code convoy predict} does for
 * single images. Grey sources are read from their raster, not through Java's colour conversion
 * (which would brighten them); transparent pixels are composited onto black; resizing is
 * {@link Resampler}'s bilinear/area resampling. A file that cannot be decoded stops with a
 * {@link ConvoyException} naming it.
 */
public final class ImageLoader {
  static {
    ImageIO.setUseCache(false); // decode in memory, no temporary files
  }

  private ImageLoader() {}

  /** The image as {@code channels * height * width} floats in [0, 1], CHW order. */
  public static float[] load(Path file, int width, int height, int channels) {
    byte[] bytes = loadBytes(file, width, height, channels);
    float[] values = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = (bytes[i] & 0xFF) / 255f;
    }
    return values;
  }

  /** The image as {@code channels * height * width} bytes 0..255, CHW order. */
  static byte[] loadBytes(Path file, int width, int height, int channels) {
    return loadBytes(file, width, height, channels, true);
  }

  /**
   * As {@link #loadBytes(Path, int, int, int)}; with {@code resize} false, an image that is not
   * {@code width x height} with {@code channels} channels is an error naming it and both sizes.
   */
  static byte[] loadBytes(Path file, int width, int height, int channels, boolean resize) {
    if (channels != 1 && channels != 3) {
      throw new ConvoyException("images can have 1 (grey) or 3 (RGB) channels, not " + channels);
    }
    if (width < 1 || height < 1) {
      throw new ConvoyException("image size " + width + "x" + height + " must be positive");
    }
    BufferedImage image = decode(file);
    float[][] planes = planes(image);
    if (!resize && (image.getWidth() != width || image.getHeight() != height || planes.length != channels)) {
      throw new ConvoyException(file + " is a " + image.getWidth() + "x" + image.getHeight() + " " + kind(planes.length)
          + " image but " + width + "x" + height + " " + kind(channels) + " was asked for; give images of that size, "
          + "or ask for resizing (convoy: --resize)");
    }
    if (channels == 1 && planes.length == 3) {
      planes = new float[][] {luma(planes)};
    }
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[channels * width * height];
    int plane = width * height;
    for (int c = 0; c < channels; c++) {
      // A grey source requested as RGB: the same plane three times.
      float[] resized = Resampler.resize(planes[Math.min(c, planes.length - 1)], w, h, width, height);
      for (int i = 0; i < plane; i++) {
        out[c * plane + i] = (byte) Math.clamp(Math.round(resized[i]), 0, 255);
      }
    }
    return out;
  }

  private static String kind(int channels) {
    return channels == 1 ? "grey" : "RGB";
  }

  private static BufferedImage decode(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConvoyException("image " + file + " does not exist or is not a regular file");
    }
    ImageSize.requireDecodable(file);
    BufferedImage image;
    try (InputStream in = Files.newInputStream(file)) {
      image = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new ConvoyException("cannot read image " + file + ": " + e.getMessage()
          + "; the file is damaged: delete or replace it", e);
    }
    if (image == null) {
      throw new ConvoyException("cannot read image " + file
          + ": it is not a PNG or JPEG image that Java can decode; delete or convert it");
    }
    return image;
  }

  /** The source as 1 grey or 3 RGB planes of values 0..255, alpha composited onto black. */
  private static float[][] planes(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel model = image.getColorModel();
    if (!(model instanceof IndexColorModel)
        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      float[] grey = image.getRaster().getSamples(0, 0, w, h, 0, new float[w * h]);
      float scale = 255f / ((1 << model.getComponentSize(0)) - 1);
      float[] alpha = model.hasAlpha()
          ? image.getAlphaRaster().getSamples(0, 0, w, h, 0, new float[w * h]) : null;
      float alphaScale = model.hasAlpha() ? 1f / ((1 << model.getComponentSize(1)) - 1) : 1f;
      for (int i = 0; i < grey.length; i++) {
        grey[i] *= scale * (alpha == null ? 1f : alpha[i] * alphaScale);
      }
      return new float[][] {grey};
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    float[][] rgb = new float[3][w * h];
    for (int i = 0; i < argb.length; i++) {
      float a = (argb[i] >>> 24) / 255f;
      rgb[0][i] = ((argb[i] >> 16) & 0xFF) * a;
      rgb[1][i] = ((argb[i] >> 8) & 0xFF) * a;
      rgb[2][i] = (argb[i] & 0xFF) * a;
    }
    return rgb;
  }

  /** ITU-R BT.601 luma, as PIL's {@code convert("L")}. */
  private static float[] luma(float[][] rgb) {
    float[] grey = new float[rgb[0].length];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
    }
    return grey;
  }
}
