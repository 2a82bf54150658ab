package dev.convoy.bench;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
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

/** Convolution forward with bias, batch 8, on the simd backend (all cores) for every layer of {@link BenchCases}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {
  @Param({"conv3x3_64_56", "conv3x3_256_14", "alexnet_conv1", "conv1x1_256_64_56"})
  public String layer;

  @Param({"simd"})
  public String backendName;

  private Backend backend;
  private ConvolutionKernels conv;
  private ConvGeometry g;
  private Volume x;
  private Volume w;
  private Volume bias;
  private Volume y;

  @Setup(Level.Trial)
  public void setUp() {
    g = BenchCases.layer(layer).geometry();
    backend = Backends.create(backendName);
    conv = KernelResolver.of(backend).family(ConvolutionKernels.class);
    x = backend.upload(g.inputShape(), Backends.random(g.inputShape().intSize(), 1));
    w = backend.upload(g.filterShape(), Backends.random(g.filterShape().intSize(), 2));
    bias = backend.upload(Shape.of(g.k()), Backends.random(g.k(), 3));
    y = backend.allocate(g.outputShape());
  }

  @Benchmark
  public Volume convForward() {
    conv.forward(x, w, bias, y, g);
    return y;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
  }
}
