import dev.convoy.api.*;
import dev.convoy.api.kernels.*;
import java.util.*;

/**
 * Times one backend call the way the second session's notes quote it: 600 calls, the median of the
 * last 300 (the first ones run while the JVM still compiles). Run the old and the new build in turn,
 * several times, on the same machine; one run says little on a shared 2-core machine.
 *   java --add-modules jdk.incubator.vector,ALL-MODULE-PATH --module-path app/target/modules \
 *       bench/scripts/KernelTimes.java conv C K H fwd|data|filter   (batch 64, 5x5 pad 2; -Dn=BATCH -Df=SIZE -Dpad=PAD; same-size outputs)
 *       ... KernelTimes.java gemm M N K [nt|tn]   (C = A x B, A x B^T with nt, A^T x B with tn; -Dbeta=1 adds to C;
 *           LeNet's FC-1024: forward 64 1024 3136 nt, input gradient 64 3136 1024, weight gradient 1024 3136 64 tn -Dbeta=1)
 *       ... KernelTimes.java pool|poolback|relu|reluback C H   (2x2 max pool or relu, batch 64; "GFLOP/s" = G values/s)
 *       ... KernelTimes.java alexnet          (11x11 stride 4, 3->96, 227x227, batch 8, forward with bias)
 */
public class KernelTimes {
  public static void main(String[] a) {
    Backend b = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(System.getProperty("backend", "simd"))).findFirst().orElseThrow().create();
    Kernels families = KernelResolver.of(b);
    ConvolutionKernels conv = families.family(ConvolutionKernels.class);
    PoolingKernels pool = families.family(PoolingKernels.class);
    ActivationKernels act = families.family(ActivationKernels.class);
    Random r = new Random(1);
    java.util.function.Function<Shape, Volume> rnd = s -> {
      float[] v = new float[s.intSize()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
      return b.upload(s, v);
    };
    Runnable call;
    double flops;
    String what = String.join(" ", a);
    switch (a[0]) {
      case "conv" -> {
        int n = Integer.getInteger("n", 64), c = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]), h = Integer.parseInt(a[3]);
        int f = Integer.getInteger("f", 5), pad = Integer.getInteger("pad", (f - 1) / 2);
        ConvGeometry g = new ConvGeometry(n, c, h, h, k, f, f, 1, 1, pad, pad, pad, pad, 1, 1, 1, h, h);
        Volume x = rnd.apply(g.inputShape()), w = rnd.apply(g.filterShape()), bias = rnd.apply(Shape.of(k));
        Volume y = b.allocate(g.outputShape()), dy = rnd.apply(g.outputShape()), dx = b.allocate(g.inputShape());
        Volume dw = b.allocate(g.filterShape());
        call = switch (a[4]) {
          case "fwd" -> () -> conv.forward(x, w, bias, y, g);
          case "data" -> () -> conv.backwardData(dy, w, dx, g);
          default -> () -> conv.accumulateFilterGradient(x, dy, dw, g);
        };
        flops = 2.0 * g.multiplyAdds();
      }
      case "gemm" -> {
        int m = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]), k = Integer.parseInt(a[3]);
        boolean nt = a.length > 4 && a[4].equals("nt");
        boolean tn = a.length > 4 && a[4].equals("tn");
        float beta = Float.parseFloat(System.getProperty("beta", "0"));
        Volume x = rnd.apply(tn ? Shape.of(k, m) : Shape.of(m, k)), w = rnd.apply(nt ? Shape.of(n, k) : Shape.of(k, n));
        Volume y = rnd.apply(Shape.of(m, n));
        call = () -> b.gemm(tn, nt, 1f, x, w, beta, y);
        flops = 2.0 * m * n * k;
      }
      case "alexnet" -> {
        ConvGeometry g = new ConvGeometry(8, 3, 227, 227, 96, 11, 11, 4, 4, 0, 0, 0, 0, 1, 1, 1, 55, 55);
        Volume x = rnd.apply(g.inputShape()), w = rnd.apply(g.filterShape()), bias = rnd.apply(Shape.of(96));
        Volume y = b.allocate(g.outputShape());
        call = () -> conv.forward(x, w, bias, y, g);
        flops = 2.0 * g.multiplyAdds();
      }
      case "pool", "poolback", "relu", "reluback" -> {
        int c = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]);
        PoolGeometry g = new PoolGeometry(PoolKind.MAX, 64, c, h, h, 2, 2, 2, 2, 0, 0, 0, 0, false, h / 2, h / 2);
        Volume x = rnd.apply(g.inputShape()), y = b.allocate(g.outputShape()), sw = b.allocate(g.outputShape());
        Volume dy = rnd.apply(g.outputShape()), dx = b.allocate(g.inputShape()), out = b.allocate(g.inputShape());
        pool.forward(g, x, y, sw);
        call = switch (a[0]) {
          case "pool" -> () -> pool.forward(g, x, y, sw);
          case "poolback" -> () -> pool.backward(g, x, y, dy, sw, dx);
          case "relu" -> () -> act.forward(Activation.RELU, x, out);
          default -> () -> act.backward(Activation.RELU, null, x, dx, out);
        };
        flops = g.inputShape().size();
      }
      default -> throw new IllegalArgumentException("conv | gemm | alexnet | pool|poolback|relu|reluback C H, see the header");
    }
    double[] t = new double[600];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      call.run();
      b.finish(); // a device backend only queues the call
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    double[] last = Arrays.copyOfRange(t, 300, 600);
    Arrays.sort(last);
    System.out.printf("%s: median %.3f ms, min %.3f ms, %.0f GFLOP/s at the median%n", what, last[150], last[0],
        flops / last[150] / 1e6);
  }
}
