#!/usr/bin/env bash
# Measures everything in bench/RESULTS.md side by side on this machine, and prints the tables:
#   1. the FMA peak (bench/peak/fma_peak.c, gcc, 1 and 2 threads, best of five),
#   2. ROUNDS rounds (default 5), each PyTorch with OpenBLAS (bench/peers/run_torch.sh) then JMH
#      (Convoy simd SGEMM and conv, ONNX Runtime conv on the layers bench/peers/export_onnx.py wrote),
#   3. per engine and case, the fastest and the median round (Report table).
# Usage: bench/run-all.sh [--full]   (--full: JMH's longer default iterations in every round)
# Build first: ./mvnw -pl backends-simd,bench -am install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/target/results"
rm -rf "$out"
mkdir -p "$out"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
cp="$here/target/bench.jar:$here/target/lib/*"
rounds="${ROUNDS:-5}"
speed="--quick"
if [ "${1:-}" = "--full" ]; then speed=""; fi

echo "== FMA peak" >&2
gcc -O2 -mavx512f -mfma -pthread "$here/peak/fma_peak.c" -o "$out/fma_peak"
# A peak is a best case: five tries each, the highest rate by the threads' own CPU time counts
# (other processes on the shared cores only ever lower it; see fma_peak.c).
for threads in 1 2; do
  for try in 1 2 3 4 5; do "$out/fma_peak" "$threads" >>"$out/peak.txt"; done
done
best() { grep "threads=$1" "$out/peak.txt" | sed "s|.*$2=\([0-9.]*\).*|\1|" | sort -g | tail -1; }
peak=$(best 2 cpu-time-GFLOP/s)

echo "== ONNX export" >&2
/usr/bin/python3 "$here/peers/export_onnx.py" "$here/target/onnx" >/dev/null

for round in $(seq 1 "$rounds"); do
  echo "== round $round: PyTorch ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$here/peers/run_torch.sh" >"$out/round$round-torch.csv" 2>>"$out/torch.log"
  echo "== round $round: JMH ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
  (cd "$here/.." && "$java" -Dconvoy.bench.onnx="$here/target/onnx" -cp "$cp" dev.convoy.bench.Report run \
    --csv "$out/round$round-jvm.csv" $speed >>"$out/jmh.log" 2>&1)
done

"$java" -cp "$cp" dev.convoy.bench.Report table --out "$out/report.md" --peak "$peak" "$out"/round*.csv
echo "FMA peak (best of 5, GFLOP/s): 1 thread $(best 1 cpu-time-GFLOP/s) by CPU time, $(best 1 ' GFLOP/s') by wall clock;" \
  "2 threads $peak by CPU time, $(best 2 ' GFLOP/s') by wall clock"
cat "$out/report.md"
