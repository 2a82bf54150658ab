package dev.convoy.bench;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
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

/** {@code C = A * B} on the simd backend (all cores) for every shape of {@link BenchCases#GEMM_SHAPES}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmBenchmark {
  @Param({"square256", "square512", "square1024", "square2048", "gemm_conv3x3_64_56", "gemm_conv3x3_256_14",
      "gemm_alexnet_conv1", "gemm_conv1x1_256_64_56"})
  public String shape;

  @Param({"simd"})
  public String backendName;

  private Backend backend;
  private Volume a;
  private Volume b;
  private Volume c;

  @Setup(Level.Trial)
  public void setUp() {
    BenchCases.GemmShape s = BenchCases.gemm(shape);
    backend = Backends.create(backendName);
    a = backend.upload(Shape.of(s.m(), s.k()), Backends.random(s.m() * s.k(), 1));
    b = backend.upload(Shape.of(s.k(), s.n()), Backends.random(s.k() * s.n(), 2));
    c = backend.allocate(Shape.of(s.m(), s.n()));
  }

  @Benchmark
  public Volume gemm() {
    backend.gemm(false, false, 1f, a, b, 0f, c);
    return c;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
  }
}
