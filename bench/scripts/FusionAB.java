import dev.convoy.api.*;
import dev.convoy.runtime.*;
import dev.convoy.zoo.Zoo;
import java.util.*;

/**
 * Inference on a zoo model as built and after the inference rewrites (BatchNorm folded, conv +
 * residual add + activation fused), in one JVM, alternating rounds of 40 iterations, so both
 * meet the same JIT state and the same minutes of a shared machine. Prints each round's median
 * and fastest iteration per variant.
 *   java --add-modules jdk.incubator.vector,ALL-MODULE-PATH --module-path app/target/modules \
 *       bench/scripts/FusionAB.java [MODEL [ROUNDS]]       (default resnet18 8; batch 1, simd)
 */
public class FusionAB {
  public static void main(String[] a) {
    ProviderRegistry registry = ProviderRegistry.load();
    Backend backend = new BackendSelector(registry).select(System.getProperty("backend", "simd")).open();
    Network net = Zoo.get(a.length > 0 ? a[0] : "resnet18").build(registry, 1);
    int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 8;
    Model built = Model.create(net, backend, 1);
    RewrittenModel rewritten = InferenceRewrites.rewrite(built, registry);
    System.out.println("inference rewrites: " + rewritten.report());
    Shape in = net.inputs().getFirst().shape();
    float[] values = new float[in.intSize()];
    Random random = new Random(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    Volume x = backend.upload(in, values);
    String input = net.inputs().getFirst().name();
    Model[] models = {built, rewritten.model()};
    String[] names = {"as built", "rewritten"};
    for (int round = 0; round < rounds; round++) {
      for (int m = 0; m < models.length; m++) {
        double[] t = new double[40];
        for (int i = 0; i < t.length; i++) {
          long start = System.nanoTime();
          models[m].infer(Map.of(input, x)).values().forEach(Volume::close);
          t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "round %d %-9s median_ms=%.2f min_ms=%.2f%n", round, names[m], t[20], t[0]);
      }
    }
  }
}
