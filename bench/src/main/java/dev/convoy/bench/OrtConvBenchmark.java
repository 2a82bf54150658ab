package dev.convoy.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same conv layers in ONNX Runtime for Java (CPU provider, 2 intra-op threads, all graph
 * optimisations), from the models {@code bench/peers/export_onnx.py} writes: input {@code x},
 * output {@code y}, a Conv with bias. Input and output tensors are made once, so a call is the
 * session run alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class OrtConvBenchmark {
  /** Where the exported models are: {@code -Dconvoy.bench.onnx=DIR}, default {@code bench/target/onnx}. */
  static final String MODELS = System.getProperty("convoy.bench.onnx", "bench/target/onnx");

  @Param({"conv3x3_64_56", "conv3x3_256_14", "alexnet_conv1", "conv1x1_256_64_56"})
  public String layer;

  @Param({"2"})
  public int threads;

  private OrtEnvironment env;
  private OrtSession session;
  private OnnxTensor input;
  private OnnxTensor output;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    Path model = Path.of(MODELS, layer + ".onnx").toAbsolutePath();
    if (!Files.exists(model)) {
      throw new IllegalStateException(model + " is missing: export the layers first with"
          + " /usr/bin/python3 bench/peers/export_onnx.py " + Path.of(MODELS));
    }
    BenchCases.ConvLayer l = BenchCases.layer(layer);
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    session = env.createSession(model.toString(), options);
    long[] inShape = {l.n(), l.c(), l.size(), l.size()};
    long[] outShape = {l.n(), l.k(), l.outSize(), l.outSize()};
    input = OnnxTensor.createTensor(env, direct(Backends.random(l.n() * l.c() * l.size() * l.size(), 1)), inShape);
    output = OnnxTensor.createTensor(env, direct(new float[l.n() * l.k() * l.outSize() * l.outSize()]), outShape);
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    b.put(values).flip();
    return b;
  }

  @Benchmark
  public OnnxTensor convForward() throws OrtException {
    try (OrtSession.Result ignored = session.run(Map.of("x", input), Map.of("y", output))) {
      return output;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    input.close();
    output.close();
    session.close();
  }
}
