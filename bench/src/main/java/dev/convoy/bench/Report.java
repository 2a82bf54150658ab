package dev.convoy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and turns rounds of measurements into the tables of
 * {@code bench/RESULTS.md}.
 *
 * <ul>
 *   <li>{@code Report run --csv FILE [--quick] [--no-ort]}: one round of JMH (Convoy simd SGEMM and
 *       conv, ONNX Runtime conv), written as {@code engine,case,median_ms,gflops,min_ms,max_ms}
 *       lines, the format {@code bench/peers/torch_bench.py} prints for PyTorch.
 *   <li>{@code Report table --out FILE [--peak GFLOPS] CSV...}: for every engine and case, each
 *       round's median time reduced over the rounds twice: the fastest round (the one other
 *       processes disturbed least) and the median round, as markdown tables with GFLOP/s
 *       ({@code flops / time}), ratios to the best peer and SGEMM 1024 against the FMA peak.
 * </ul>
 *
 * <p>{@code run-all.sh} alternates PyTorch and JMH rounds, so that every engine gets the quiet
 * and the busy spells of the shared machine alike.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws RunnerException, IOException {
    if (args.length == 0 || !(args[0].equals("run") || args[0].equals("table"))) {
      throw new IllegalArgumentException("usage: Report run --csv FILE [--quick] [--no-ort]"
          + " | Report table --out FILE [--peak GFLOPS] CSV...");
    }
    Path out = null;
    double peak = Double.NaN;
    boolean quick = false;
    boolean ort = true;
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--csv", "--out" -> out = Path.of(args[++i]);
        case "--peak" -> peak = Double.parseDouble(args[++i]);
        case "--quick" -> quick = true;
        case "--no-ort" -> ort = false;
        default -> inputs.add(Path.of(args[i]));
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("say where to write: --csv FILE (run) or --out FILE (table)");
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    if (args[0].equals("run")) {
      List<String> lines = new ArrayList<>();
      lines.addAll(run(SgemmBenchmark.class, "convoy", "sgemm_", "shape", quick));
      lines.addAll(run(ConvBenchmark.class, "convoy", "conv_", "layer", quick));
      if (ort) {
        lines.addAll(run(OrtConvBenchmark.class, "onnxruntime", "conv_", "layer", quick));
      }
      Files.write(out, lines);
    } else {
      Map<String, List<Double>> rounds = read(inputs);
      List<String> lines = new ArrayList<>();
      lines.add("## Fastest round per engine and case (" + roundCount(rounds) + " rounds)");
      lines.add("");
      lines.addAll(Tables.of(reduce(rounds, true), peak));
      lines.add("");
      lines.add("## Median round per engine and case");
      lines.add("");
      lines.addAll(Tables.of(reduce(rounds, false), peak));
      Files.write(out, lines);
    }
  }

  private static List<String> run(Class<?> benchmark, String engine, String prefix, String param, boolean quick)
      throws RunnerException {
    OptionsBuilder builder = new OptionsBuilder();
    builder.include(benchmark.getName());
    if (quick) {
      builder.warmupIterations(3).warmupTime(TimeValue.milliseconds(500)).measurementIterations(6)
          .measurementTime(TimeValue.milliseconds(500));
    }
    List<String> lines = new ArrayList<>();
    for (RunResult r : new Runner(builder.build()).run()) {
      String name = r.getParams().getParam(param);
      var stats = r.getPrimaryResult().getStatistics();
      double flops = prefix.equals("conv_") ? BenchCases.layer(name).flops() : BenchCases.gemm(name).flops();
      double median = stats.getPercentile(50);
      lines.add(String.format(Locale.ROOT, "%s,%s%s,%.4f,%.1f,%.4f,%.4f", engine, prefix, name, median,
          flops / (median * 1e-3) / 1e9, stats.getMin(), stats.getMax()));
    }
    return lines;
  }

  /** Each round's median time per {@code engine,case}, over all the files. */
  private static Map<String, List<Double>> read(List<Path> files) throws IOException {
    Map<String, List<Double>> samples = new HashMap<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(",");
        if (f.length == 6 && !line.startsWith("#")) {
          samples.computeIfAbsent(f[0] + "," + f[1], key -> new ArrayList<>()).add(Double.parseDouble(f[2]));
        }
      }
    }
    return samples;
  }

  private static int roundCount(Map<String, List<Double>> rounds) {
    return rounds.values().stream().mapToInt(List::size).max().orElse(0);
  }

  /** The fastest round ({@code best}) or the median round per key. */
  private static Map<String, Double> reduce(Map<String, List<Double>> rounds, boolean best) {
    Map<String, Double> out = new HashMap<>();
    rounds.forEach((key, values) -> {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      out.put(key, best ? sorted.get(0)
          : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    });
    return out;
  }
}
