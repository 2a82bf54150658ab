import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.util.*;

/**
 * Times one ONNX model in ONNX Runtime for Java as `convoy bench M.onnx` times it in Convoy: a
 * warm-up of some seconds, then timed iterations that each hand the input over and read the output
 * back; 2 intra-op threads (the machine's cores), every graph optimisation on. Last line
 * {@code median_ms=<m>}, like convoy bench's.
 *   java -cp 'bench/target/lib/*' bench/scripts/OrtInfer.java MODEL.onnx BATCH WARMUP_SECONDS ITERS [THREADS]
 */
public class OrtInfer {
  public static void main(String[] a) throws Exception {
    String model = a[0];
    int batch = Integer.parseInt(a[1]);
    double warmupSeconds = Double.parseDouble(a[2]);
    int iters = Integer.parseInt(a[3]);
    int threads = a.length > 4 ? Integer.parseInt(a[4]) : 2;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    try (OrtSession session = env.createSession(model, options)) {
      String input = session.getInputNames().iterator().next();
      long[] shape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape().clone();
      shape[0] = batch;
      int size = 1;
      for (long d : shape) size *= (int) d;
      float[] values = new float[size];
      Random random = new Random(1);
      for (int i = 0; i < size; i++) values[i] = (float) random.nextGaussian();
      long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
      int warm = 0;
      while (warm < 3 || System.nanoTime() < until) {
        run(env, session, input, values, shape);
        warm++;
      }
      double[] ms = new double[iters];
      for (int i = 0; i < iters; i++) {
        long start = System.nanoTime();
        run(env, session, input, values, shape);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(ms);
      double median = iters % 2 == 1 ? ms[iters / 2] : (ms[iters / 2 - 1] + ms[iters / 2]) / 2;
      System.out.printf(Locale.ROOT, "warm-up: %d iterations%nmedian_ms=%.3f%n", warm, median);
    }
  }

  private static void run(OrtEnvironment env, OrtSession session, String input, float[] values, long[] shape)
      throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
        OrtSession.Result result = session.run(Map.of(input, x))) {
      ((OnnxTensor) result.get(0)).getFloatBuffer(); // the scores come back to the caller, as in convoy bench
    }
  }
}
