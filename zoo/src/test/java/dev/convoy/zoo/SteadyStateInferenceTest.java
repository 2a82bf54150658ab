package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Batch-1 inference on the simd backend allocates (almost) nothing once it has run: each
 * activation is freed after its last reader and its array handed to the next activation of that
 * size, and the fused kernels' filters are packed once. Measured with the JVM's per-thread
 * allocation counters over every thread, against the activations one image makes.
 */
class SteadyStateInferenceTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @Test
  void resnet18AtBatch1AllocatesUnderAFiftiethOfItsActivationsPerImageOnceWarm() throws Exception {
    Network network = Zoo.get("resnet18").build(REGISTRY, 1);
    long activationBytes = 4 * network.nodes().stream().mapToLong(n -> network.shape(n.name()).size()).sum();
    try (Backend simd = new BackendSelector(REGISTRY).select("simd").open();
        Model built = Model.create(network, simd, 1);
        Model model = InferenceRewrites.apply(built, REGISTRY)) {
      Shape input = network.inputs().getFirst().shape();
      try (Volume x = simd.upload(input, new float[input.intSize()])) {
        // Until the JIT has compiled the vector kernels, their vectors are objects on the heap.
        for (int i = 0; i < 60; i++) {
          model.predict(x).close();
        }
        long perImage = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
          long before = allocated();
          model.predict(x).close();
          perImage = Math.min(perImage, allocated() - before);
        }
        System.out.printf("resnet18, batch 1, simd: %d bytes allocated by a warm inference; activations %d%n",
            perImage, activationBytes);
        assertTrue(perImage < activationBytes / 50, "one warm inference allocated " + perImage
            + " bytes; its activations take " + activationBytes);
      }
    }
  }

  /**
   * Bytes allocated so far by every live thread (the caller and the backend's workers), through
   * reflection: this module does not read java.management, which the test JVM resolves.
   */
  private static long allocated() throws Exception {
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    Class<?> counters = Class.forName("com.sun.management.ThreadMXBean");
    long[] ids = (long[]) counters.getMethod("getAllThreadIds").invoke(threads);
    Method bytes = counters.getMethod("getThreadAllocatedBytes", long[].class);
    return Arrays.stream((long[]) bytes.invoke(threads, (Object) ids)).filter(b -> b > 0).sum();
  }
}
