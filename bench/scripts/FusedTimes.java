import dev.convoy.api.*;
import dev.convoy.api.kernels.*;
import java.util.*;

/**
 * One 3x3 same-size convolution layer at batch 1 on the simd backend: conv + bias, conv then a
 * residual axpy and ReLU as separate kernels, and the fused kernel; 400 calls each, the median of
 * the last 200, three rounds in one JVM (the last printed).
 *   java --add-modules jdk.incubator.vector,ALL-MODULE-PATH --module-path app/target/modules \
 *       bench/scripts/FusedTimes.java C HW        (e.g. 64 56, 128 28, 256 14, 512 7)
 */
public class FusedTimes {
  public static void main(String[] a) {
    Backend b = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("simd")).findFirst().orElseThrow().create();
    Kernels k = KernelResolver.of(b);
    ConvolutionKernels conv = k.family(ConvolutionKernels.class);
    FusedConvolutionKernels fused = k.family(FusedConvolutionKernels.class);
    ActivationKernels act = k.family(ActivationKernels.class);
    int c = Integer.parseInt(a[0]), hw = Integer.parseInt(a[1]);
    ConvGeometry g = new ConvGeometry(1, c, hw, hw, c, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, hw, hw);
    Random r = new Random(1);
    java.util.function.Function<Shape, Volume> rnd = s -> { float[] v = new float[s.intSize()]; for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian(); return b.upload(s, v); };
    Volume x = rnd.apply(g.inputShape()), w = rnd.apply(g.filterShape()), bias = rnd.apply(Shape.of(c)), res = rnd.apply(g.outputShape());
    Volume y = b.allocate(g.outputShape()), y2 = b.allocate(g.outputShape());
    Runnable unfusedNoBias = () -> { conv.forward(x, w, null, y, g); b.axpy(1f, res, y); act.forward(Activation.RELU, y, y2); };
    Runnable unfusedBias = () -> { conv.forward(x, w, bias, y, g); b.axpy(1f, res, y); act.forward(Activation.RELU, y, y2); };
    Runnable convOnly = () -> conv.forward(x, w, bias, y, g);
    Runnable fusedAll = () -> fused.forward(x, w, bias, res, Activation.RELU, y, g);
    Runnable fusedRelu = () -> fused.forward(x, w, bias, null, Activation.RELU, y, g);
    String[] names = {"conv+bias", "unfused nobias", "unfused bias", "fused res+relu", "fused relu"};
    Runnable[] runs = {convOnly, unfusedNoBias, unfusedBias, fusedAll, fusedRelu};
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < runs.length; i++) {
        double[] t = new double[400];
        for (int j = 0; j < 400; j++) { long s = System.nanoTime(); runs[i].run(); t[j] = (System.nanoTime() - s) / 1e6; }
        Arrays.sort(t, 200, 400);
        if (round == 2) System.out.printf("%-16s %.3f ms%n", names[i], t[300]);
      }
    }
    b.close();
  }
}
