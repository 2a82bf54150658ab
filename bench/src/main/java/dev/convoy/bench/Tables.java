package dev.convoy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markdown tables of RESULTS.md from median times keyed {@code engine,case}. */
final class Tables {
  private Tables() {}

  static List<String> of(Map<String, Double> ms, double peak) {
    List<String> lines = new ArrayList<>();
    lines.add("### SGEMM (C = A x B, row-major, 2 threads)");
    lines.add("");
    lines.add("| shape (M x N x K) | Convoy simd ms | Convoy GFLOP/s | PyTorch+OpenBLAS ms | PyTorch GFLOP/s"
        + " | Convoy / PyTorch |");
    lines.add("|---|---:|---:|---:|---:|---:|");
    for (BenchCases.GemmShape s : BenchCases.GEMM_SHAPES) {
      String c = "sgemm_" + s.name();
      Double ours = ms.get("convoy," + c);
      Double torch = ms.get("torch," + c);
      lines.add("| " + s.name() + " (" + s.m() + " x " + s.n() + " x " + s.k() + ") | " + cells(ours, s.flops())
          + cells(torch, s.flops()) + ratio(ours, torch) + " |");
    }
    Double g1024 = ms.get("convoy,sgemm_square1024");
    if (!Double.isNaN(peak) && g1024 != null) {
      double g = gflops(g1024, BenchCases.gemm("square1024").flops());
      lines.add("");
      lines.add(String.format(Locale.ROOT, "SGEMM 1024^3 on 2 threads: %.1f GFLOP/s = **%.0f%%** of the measured"
          + " 2-thread FMA peak of %.1f GFLOP/s.", g, 100 * g / peak, peak));
    }
    lines.add("");
    lines.add("### Convolution forward with bias (batch 8, NCHW, 2 threads)");
    lines.add("");
    lines.add("| layer | Convoy simd ms | Convoy GFLOP/s | PyTorch ms | PyTorch GFLOP/s | ONNX Runtime ms"
        + " | ONNX Runtime GFLOP/s | Convoy / best peer |");
    lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (BenchCases.ConvLayer l : BenchCases.CONV_LAYERS) {
      String c = "conv_" + l.name();
      Double ours = ms.get("convoy," + c);
      Double torch = ms.get("torch," + c);
      Double ort = ms.get("onnxruntime," + c);
      Double best = torch == null ? ort : ort == null ? torch : Math.min(torch, ort);
      lines.add("| " + l.name() + " | " + cells(ours, l.flops()) + cells(torch, l.flops()) + cells(ort, l.flops())
          + ratio(ours, best) + " |");
    }
    return lines;
  }

  private static double gflops(double ms, double flops) {
    return flops / (ms * 1e-3) / 1e9;
  }

  private static String cells(Double ms, double flops) {
    return ms == null ? "- | - | " : String.format(Locale.ROOT, "%.3f | %.1f | ", ms, gflops(ms, flops));
  }

  /** Peer time over ours: the GFLOP/s ratio, above 1 when Convoy is faster. */
  private static String ratio(Double ours, Double peer) {
    return ours == null || peer == null ? "-" : String.format(Locale.ROOT, "%.2fx", peer / ours);
  }
}
