import dev.convoy.api.*;
import dev.convoy.api.kernels.*;
import dev.convoy.api.support.*;
import java.util.*;

/**
 * Times each kernel of a LeNet training step on one backend (batch 64, the zoo's lenet shapes):
 * conv forward / input gradient / filter gradient, 2x2 max pool forward and backward, the FC-1024
 * products, relu. Median of 30-50 calls after 20 warm-up calls; GF/s = 2 * multiply-adds / time.
 *   java --add-modules jdk.incubator.vector,ALL-MODULE-PATH --module-path app/target/modules \
 *       bench/scripts/LenetLayers.java simd
 */
public class LenetLayers {
  interface Op { void run(); }
  static double time(Op op, int reps) {
    for (int i = 0; i < 20; i++) op.run();
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) { long s = System.nanoTime(); op.run(); t[i] = (System.nanoTime() - s) / 1e6; }
    Arrays.sort(t); return t[reps / 2];
  }
  static ConvGeometry conv(int n, int c, int h, int k, int f, int pad) {
    int out = h + 2 * pad - f + 1;
    return new ConvGeometry(n, c, h, h, k, f, f, 1, 1, pad, pad, pad, pad, 1, 1, 1, out, out);
  }
  public static void main(String[] a) {
    String name = a.length > 0 ? a[0] : "simd";
    Backend b = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst().orElseThrow().create();
    Kernels k = KernelResolver.of(b);
    ConvolutionKernels conv = k.family(ConvolutionKernels.class);
    PoolingKernels pool = k.family(PoolingKernels.class);
    ActivationKernels act = k.family(ActivationKernels.class);
    Random r = new Random(1);
    java.util.function.Function<Shape, Volume> rnd = s -> { float[] v = new float[s.intSize()]; for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian(); return b.upload(s, v); };
    int n = 64;
    for (ConvGeometry g : List.of(conv(n, 1, 28, 32, 5, 2), conv(n, 32, 14, 64, 5, 2))) {
      Volume x = rnd.apply(g.inputShape()), w = rnd.apply(g.filterShape()), bias = rnd.apply(Shape.of(g.k()));
      Volume y = b.allocate(g.outputShape()), dy = rnd.apply(g.outputShape()), dx = b.allocate(g.inputShape()), dw = b.allocate(g.filterShape());
      double gf = 2.0 * g.multiplyAdds() / 1e6;
      double f = time(() -> conv.forward(x, w, bias, y, g), 30);
      double d = time(() -> conv.backwardData(dy, w, dx, g), 30);
      double fw = time(() -> conv.accumulateFilterGradient(x, dy, dw, g), 30);
      System.out.printf("conv c=%d k=%d %dx%d: fwd %.2f ms (%.0f GF/s) data %.2f ms (%.0f) filter %.2f ms (%.0f)%n", g.c(), g.k(), g.h(), g.w(), f, gf / f, d, gf / d, fw, gf / fw);
    }
    for (int[] p : new int[][] {{32, 28}, {64, 14}}) {
      PoolGeometry g = new PoolGeometry(PoolKind.MAX, n, p[0], p[1], p[1], 2, 2, 2, 2, 0, 0, 0, 0, false, p[1] / 2, p[1] / 2);
      Volume x = rnd.apply(g.inputShape()), y = b.allocate(g.outputShape()), sw = b.allocate(g.outputShape()), dx = b.allocate(g.inputShape());
      double f = time(() -> pool.forward(g, x, y, sw), 50);
      double bw = time(() -> pool.backward(g, x, y, y, sw, dx), 50);
      System.out.printf("pool %dx%d c=%d: fwd %.3f ms bwd %.3f ms%n", p[1], p[1], p[0], f, bw);
    }
    Volume x = rnd.apply(Shape.of(n, 3136)), w = rnd.apply(Shape.of(1024, 3136)), y = b.allocate(Shape.of(n, 1024));
    Volume dy = rnd.apply(Shape.of(n, 1024)), dx = b.allocate(Shape.of(n, 3136)), dw = b.allocate(Shape.of(1024, 3136));
    double gf = 2.0 * n * 3136 * 1024 / 1e6;
    double f = time(() -> b.gemm(false, true, 1f, x, w, 0f, y), 30);
    double d = time(() -> b.gemm(false, false, 1f, dy, w, 0f, dx), 30);
    double ww = time(() -> b.gemm(true, false, 1f, dy, x, 1f, dw), 30);
    System.out.printf("fc1 fwd %.2f ms (%.0f) dx %.2f ms (%.0f) dw %.2f ms (%.0f)%n", f, gf / f, d, gf / d, ww, gf / ww);
    Volume big = rnd.apply(Shape.of(n, 32, 28, 28)), out = b.allocate(Shape.of(n, 32, 28, 28));
    System.out.printf("relu 1.6M %.3f ms%n", time(() -> act.forward(Activation.RELU, big, out), 50));
  }
}
