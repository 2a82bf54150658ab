import dev.convoy.api.*;
import dev.convoy.api.kernels.*;
import java.util.*;

/**
 * SGEMM 1024^3 and the four convolution layers of the peer comparison (forward with bias, batch 8,
 * NCHW) on one backend, for the backend sections of bench/RESULTS.md: each case warms up, then
 * five rounds of several calls closed by {@link Backend#finish} (a device backend only queues
 * them), reporting the median round per call.
 *   java --enable-native-access=jocl,dev.convoy.backends.opencl --add-modules jdk.incubator.vector,ALL-MODULE-PATH \
 *       --module-path app/target/modules bench/scripts/BackendTimes.java opencl|opencl:P:D|simd|reference
 */
public class BackendTimes {
  public static void main(String[] a) {
    String[] choice = a[0].split(":", 2);
    Backend b = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(choice[0])).findFirst().orElseThrow()
        .create(choice.length > 1 ? choice[1] : "");
    ConvolutionKernels conv = KernelResolver.of(b).family(ConvolutionKernels.class);
    Random r = new Random(1);
    java.util.function.Function<Shape, Volume> rnd = s -> {
      float[] v = new float[s.intSize()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
      return b.upload(s, v);
    };
    int n = 1024;
    Volume x = rnd.apply(Shape.of(n, n)), y = rnd.apply(Shape.of(n, n)), c = b.allocate(Shape.of(n, n));
    time(b, a[0] + " sgemm 1024^3", 2.0 * n * n * n, () -> b.gemm(false, false, 1f, x, y, 0f, c));
    // name, C, K, H (square), filter, stride, pad: as bench/peers/layers.py lists them.
    Object[][] layers = {
        {"conv3x3_64_56", 64, 64, 56, 3, 1, 1},
        {"conv3x3_256_14", 256, 256, 14, 3, 1, 1},
        {"alexnet_conv1", 3, 96, 227, 11, 4, 0},
        {"conv1x1_256_64_56", 256, 64, 56, 1, 1, 0}};
    for (Object[] l : layers) {
      int ch = (int) l[1], k = (int) l[2], h = (int) l[3], f = (int) l[4], s = (int) l[5], p = (int) l[6];
      int out = (h + 2 * p - f) / s + 1;
      ConvGeometry g = new ConvGeometry(8, ch, h, h, k, f, f, s, s, p, p, p, p, 1, 1, 1, out, out);
      Volume in = rnd.apply(g.inputShape()), w = rnd.apply(g.filterShape()), bias = rnd.apply(Shape.of(k));
      Volume o = b.allocate(g.outputShape());
      time(b, a[0] + " " + l[0], 2.0 * g.multiplyAdds(), () -> conv.forward(in, w, bias, o, g));
    }
    b.close();
  }

  private static void time(Backend b, String what, double flops, Runnable call) {
    for (int i = 0; i < 5; i++) call.run();
    b.finish();
    double[] perCall = new double[5];
    for (int round = 0; round < perCall.length; round++) {
      long s = System.nanoTime();
      for (int i = 0; i < 10; i++) call.run();
      b.finish();
      perCall[round] = (System.nanoTime() - s) / 1e6 / 10;
    }
    Arrays.sort(perCall);
    System.out.printf(Locale.ROOT, "%s: median %.3f ms (min %.3f), %.1f GFLOP/s%n", what, perCall[2], perCall[0],
        flops / perCall[2] / 1e6);
  }
}
