package dev.convoy.api.support;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;

/** Reads volumes to the host for the default kernels, checking sizes with messages that name the role. */
final class HostArrays {
  private HostArrays() {}

  /** The values of {@code v}, which must hold {@code size} of them. */
  static float[] read(Volume v, long size, String role) {
    requireSize(v, size, role);
    return v.toArray();
  }

  static void requireSize(Volume v, long size, String role) {
    if (v == null) {
      throw new ShapeException(role + " is null; a volume is needed there");
    }
    if (v.shape().size() != size) {
      throw new ShapeException(role + " has shape " + v.shape() + " (" + v.shape().size() + " values) but "
          + size + " values are needed");
    }
  }
}
