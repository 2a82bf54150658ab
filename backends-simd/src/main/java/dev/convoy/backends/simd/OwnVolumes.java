package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayVolume;

/**
 * The argument checks the core and every kernel family share: a volume as the backend's own, open
 * {@link ArrayVolume} (or a clear error naming its role), and the matrix view of a shape.
 */
final class OwnVolumes {
  private final Backend owner;

  OwnVolumes(Backend owner) {
    this.owner = owner;
  }

  /** {@code v} as the backend's own, open volume. */
  ArrayVolume own(Volume v, String role) {
    return ArrayVolume.owned(v, owner, role);
  }

  /** {@code v}, the backend's own, holding {@code size} values. */
  ArrayVolume own(Volume v, long size, String role) {
    return own(v, role).requireSize(size, role);
  }

  /** {@code v}, the backend's own, of shape {@code shape}. */
  ArrayVolume own(Volume v, Shape shape, String role) {
    return own(v, role).requireShape(shape, role);
  }
}
