package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Filter banks packed once, for the convolutions whose filters are constants: the fused,
 * inference-only family ({@link dev.convoy.api.kernels.FusedConvolutionKernels} promises that
 * its filters do not change while their volume is open). Packing a bank on every call cost more
 * than the convolution at batch 1: resnet18's 512-filter 3x3 layer on 7x7 spent about two thirds
 * of its 4.3 ms packing 9.4 MB of filters. A pack is kept while its filter array is reachable and
 * not handed out again for another volume ({@link ArrayRecycling} calls {@link #forget}), so
 * closing a model lets its packs go too.
 */
final class ConstantFilters {
  /** What a pack depends on besides the filter array: where the bank starts, its shape, and the path. */
  private record Key(int wOff, int k, int c, int kh, int kw, int groups, String path) {
    Key(ConvGeometry g, int wOff, String path) {
      this(wOff, g.k(), g.c(), g.kh(), g.kw(), g.groups(), path);
    }
  }

  private final Map<float[], Map<Key, Object>> packs = Collections.synchronizedMap(new WeakHashMap<>());

  /** The pack of {@code w}'s bank for {@code path}, made by {@code pack} the first time it is asked for. */
  <T> T get(float[] w, int wOff, ConvGeometry g, String path, Class<T> type, Supplier<T> pack) {
    Key key = new Key(g, wOff, path);
    Map<Key, Object> ofArray = packs.computeIfAbsent(w, array -> Collections.synchronizedMap(new HashMap<>()));
    return type.cast(ofArray.computeIfAbsent(key, k -> pack.get()));
  }

  /** Drops every pack made from {@code w}: its array is about to hold other values. */
  void forget(float[] w) {
    packs.remove(w);
  }

  /** Filter arrays with packs, for tests. */
  int arrays() {
    return packs.size();
  }
}
