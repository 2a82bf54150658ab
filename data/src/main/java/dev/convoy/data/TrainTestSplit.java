package dev.convoy.data;

import dev.convoy.api.ConvoyException;

/**
 * A training set and a test set with the same image size and classes, as {@link Datasets#open}
 * returns them.
 */
public record TrainTestSplit(Dataset train, Dataset test) {
  public TrainTestSplit {
    if (train.channels() != test.channels() || train.height() != test.height()
        || train.width() != test.width()) {
      throw new ConvoyException("training images are " + shape(train) + " but test images are "
          + shape(test) + "; both sets must have the same image size");
    }
    if (!train.classNames().equals(test.classNames())) {
      throw new ConvoyException("training classes " + train.classNames()
          + " differ from test classes " + test.classNames()
          + "; both sets must use the same classes in the same order");
    }
  }

  private static String shape(Dataset d) {
    return d.channels() + "x" + d.height() + "x" + d.width();
  }
}
