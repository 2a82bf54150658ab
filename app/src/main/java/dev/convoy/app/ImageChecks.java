package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.app.train.TrainedModel;
import dev.convoy.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The checks every command makes before feeding a dataset to a model: the images must be the size it
 * takes, and the classes the ones it scores.
 */
final class ImageChecks {
  private ImageChecks() {}

  static void requireShape(Dataset data, Shape item, Path model) {
    if (data.channels() != item.dim(0) || data.height() != item.dim(1) || data.width() != item.dim(2)) {
      throw new ConvoyException(String.format(Locale.ROOT,
          "%s holds %dx%dx%d images but %s takes %dx%dx%d; use data of that size", data.name(), data.width(),
          data.height(), data.channels(), model, item.dim(2), item.dim(1), item.dim(0)));
    }
  }

  /** The data's classes must be the ones the model scores, or its accuracy and matrix mean nothing. */
  static void requireClasses(Dataset data, TrainedModel trained, Path model) {
    int scored = trained.model().network().shape(trained.scores()).sizePerItem();
    List<String> known = trained.metadata().classNames();
    if (data.classes() != scored) {
      throw new ConvoyException(data.name() + " has " + data.classes() + " classes " + data.classNames() + " but "
          + model + " scores " + scored + (known.isEmpty() ? "" : " " + known) + "; evaluate on data of its classes");
    }
  }
}
