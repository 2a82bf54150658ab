package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.data.Dataset;
import java.nio.file.Path;
import java.util.Locale;

/** The check every command makes before feeding a dataset to a model: the images must be the size it takes. */
final class ImageChecks {
  private ImageChecks() {}

  static void requireShape(Dataset data, Shape item, Path model) {
    if (data.channels() != item.dim(0) || data.height() != item.dim(1) || data.width() != item.dim(2)) {
      throw new ConvoyException(String.format(Locale.ROOT,
          "%s holds %dx%dx%d images but %s takes %dx%dx%d; use data of that size", data.name(), data.width(),
          data.height(), data.channels(), model, item.dim(2), item.dim(1), item.dim(0)));
    }
  }
}
