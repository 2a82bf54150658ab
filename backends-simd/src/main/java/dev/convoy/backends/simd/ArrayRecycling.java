package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.support.ArrayVolume;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The simd backend's volume storage: large arrays of closed volumes are kept and handed out again
 * (zeroed, unless the volume is for overwriting) for the next volume of the same size. A training step makes and drops the same
 * activations and gradients every time, megabytes each; without this every step fills the heap
 * with them, and G1 treats arrays that large as humongous objects, which cost whole collections.
 * Small arrays are left to the garbage collector; the arrays kept are bounded in all. Inference
 * frees each activation after its last reader, so from the second image on it allocates nothing.
 */
final class ArrayRecycling implements ArrayVolume.Recycler {
  /**
   * Arrays below 16 KiB are cheap to make and are not kept. Larger ones are not: a new 200 KiB
   * array (resnet18's [1, 256, 14, 14] activation) took 240-410 us with the collections it brings
   * (allocate and close in a loop), so batch-1 inference spent 3 of its 33 ms allocating while
   * only arrays from 256 KiB up were kept.
   */
  static final int MIN_FLOATS = 1 << 12;
  /**
   * Idle arrays kept per backend, in floats: a quarter of the heap, at least 256 MiB and at most
   * 2 GiB. A fixed 256 MiB was less than one resnet18 training step at batch 8 frees, so every
   * step made the rest anew (164 allocations, 49 ms of a ~1 s step in --profile).
   */
  static final long MAX_KEPT_FLOATS =
      Math.clamp(Runtime.getRuntime().maxMemory() / 4 / Float.BYTES, 1L << 26, 1L << 29);

  private final Kernels kernels;
  private final ConstantFilters constants;
  private final Map<Integer, ArrayDeque<float[]>> idle = new HashMap<>();
  private long keptFloats;

  ArrayRecycling(Kernels kernels, ConstantFilters constants) {
    this.kernels = kernels;
    this.constants = constants;
  }

  /** A volume, zero-filled if {@code zeroed}; a kept array of its size when there is one. */
  ArrayVolume allocate(Backend backend, Shape shape, boolean zeroed) {
    int size = shape.intSize();
    if (size < MIN_FLOATS) {
      return ArrayVolume.allocate(backend, shape);
    }
    float[] values = take(size);
    if (values == null) {
      values = new float[size];
    } else if (zeroed) {
      kernels.fill(values, 0, size, 0f);
    }
    return ArrayVolume.wrap(backend, shape, values, this);
  }

  private synchronized float[] take(int size) {
    ArrayDeque<float[]> kept = idle.get(size);
    float[] values = kept == null ? null : kept.pollFirst();
    if (values != null) {
      keptFloats -= size;
    }
    return values;
  }

  @Override
  public synchronized void recycle(float[] values) {
    // The array will hold other values: a filter bank packed from it no longer describes it.
    constants.forget(values);
    if (keptFloats + values.length > MAX_KEPT_FLOATS) {
      return; // the garbage collector takes it
    }
    idle.computeIfAbsent(values.length, n -> new ArrayDeque<>()).addFirst(values);
    keptFloats += values.length;
  }

  /** Floats in idle arrays, for tests. */
  synchronized long keptFloats() {
    return keptFloats;
  }

  /** Lets every kept array go (the backend is closing). */
  synchronized void clear() {
    idle.clear();
    keptFloats = 0;
  }
}
