package dev.convoy.bench;

import dev.convoy.api.ConvGeometry;
import java.util.List;

/**
 * The benchmark's cases, the same table as {@code bench/peers/layers.py}: four conv layers at batch
 * 8 in NCHW, and SGEMM on square sizes and on each layer's per-image GEMM shape
 * ({@code M = filters, N = output positions, K = C*F*F}).
 */
public final class BenchCases {
  private BenchCases() {}

  /** A conv layer: input {@code n x c x size x size}, {@code k} filters of {@code f x f}, stride, padding. */
  public record ConvLayer(String name, int n, int c, int size, int k, int f, int stride, int pad) {
    public int outSize() {
      return (size + 2 * pad - f) / stride + 1;
    }

    public ConvGeometry geometry() {
      int out = outSize();
      return new ConvGeometry(n, c, size, size, k, f, f, stride, stride, pad, pad, pad, pad, 1, 1, 1, out, out);
    }

    /** {@code 2*N*K*C*F*F*Hout*Wout}. */
    public double flops() {
      return 2.0 * geometry().multiplyAdds();
    }
  }

  /** An SGEMM {@code C[m x n] = A[m x k] * B[k x n]}. */
  public record GemmShape(String name, int m, int n, int k) {
    public double flops() {
      return 2.0 * m * n * k;
    }
  }

  public static final List<ConvLayer> CONV_LAYERS = List.of(
      new ConvLayer("conv3x3_64_56", 8, 64, 56, 64, 3, 1, 1),
      new ConvLayer("conv3x3_256_14", 8, 256, 14, 256, 3, 1, 1),
      new ConvLayer("alexnet_conv1", 8, 3, 227, 96, 11, 4, 0),
      new ConvLayer("conv1x1_256_64_56", 8, 256, 56, 64, 1, 1, 0));

  public static final List<GemmShape> GEMM_SHAPES = List.of(
      new GemmShape("square256", 256, 256, 256),
      new GemmShape("square512", 512, 512, 512),
      new GemmShape("square1024", 1024, 1024, 1024),
      new GemmShape("square2048", 2048, 2048, 2048),
      gemmOf(CONV_LAYERS.get(0)),
      gemmOf(CONV_LAYERS.get(1)),
      gemmOf(CONV_LAYERS.get(2)),
      gemmOf(CONV_LAYERS.get(3)));

  private static GemmShape gemmOf(ConvLayer layer) {
    int out = layer.outSize();
    return new GemmShape("gemm_" + layer.name(), layer.k(), out * out, layer.c() * layer.f() * layer.f());
  }

  public static ConvLayer layer(String name) {
    return CONV_LAYERS.stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no conv layer " + name));
  }

  public static GemmShape gemm(String name) {
    return GEMM_SHAPES.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no gemm shape " + name));
  }
}
