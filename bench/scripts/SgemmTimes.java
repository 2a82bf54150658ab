import dev.convoy.api.*;
import java.util.*;
/**
 * SGEMM 1024^3 (C = A x B) on one backend: 10 calls, then C read back (which waits for a device
 * backend's queue), five rounds.
 *   java --enable-native-access=jocl,dev.convoy.backends.opencl --add-modules jdk.incubator.vector,ALL-MODULE-PATH \
 *       --module-path app/target/modules bench/scripts/SgemmTimes.java opencl|simd|reference
 */
public class SgemmTimes {
  public static void main(String[] a) {
    String name = a[0];
    Backend b = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst().orElseThrow().create();
    int n = 1024;
    float[] v = new float[n * n]; Random r = new Random(1); for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
    Volume x = b.upload(Shape.of(n, n), v), y = b.upload(Shape.of(n, n), v), c = b.allocate(Shape.of(n, n));
    for (int round = 0; round < 5; round++) {
      long s = System.nanoTime();
      for (int i = 0; i < 10; i++) b.gemm(false, false, 1f, x, y, 0f, c);
      c.toArray(); // waits for queued work on a device backend
      double ms = (System.nanoTime() - s) / 1e6 / 10;
      System.out.printf("%s sgemm 1024^3 %.1f ms %.1f GFLOP/s%n", name, ms, 2.0 * n * n * n / ms / 1e6);
    }
  }
}
