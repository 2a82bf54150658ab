#!/usr/bin/env bash
# Batch-1 (or BATCH=N) inference of the ONNX acceptance models in Convoy (`convoy bench M.onnx`)
# and in ONNX Runtime for Java (bench/scripts/OrtInfer.java), same machine, same run, engines
# alternating model by model and round by round; prints each round and a table of the median
# rounds with Convoy's speed (ONNX Runtime's time / Convoy's) and its geometric mean.
# Usage: bench/infer-vs-ort.sh     ROUNDS=3 BATCH=1 MODELS="resnet18 ..." WARMUP=10 ITERS=30 BACKEND=simd
# WARMUP is seconds for both engines; Convoy needs them: a kernel called once per image (the last
# FC layer's) is compiled by the JIT only after some seconds, and runs boxed vectors until then.
# The models come from formats-onnx's export script (PyTorch) into ~/.cache/convoy-onnx (ONNX_DIR).
# ONNX Runtime is a benchmark-only dependency: it comes with the bench module's build (target/lib).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
cd "$root"
rounds=${ROUNDS:-3}
batch=${BATCH:-1}
warmup=${WARMUP:-10}
iters=${ITERS:-30}
backend=${BACKEND:-simd}
models=${MODELS:-"resnet18 alexnet vgg11 googlenet squeezenet1_0 mobilenet_v2"}
dir=${ONNX_DIR:-$HOME/.cache/convoy-onnx}
out=${OUT:-$(mktemp -d)}
source .mvn/find-jdk.sh && convoy_require_jdk && export JAVA_HOME=$CONVOY_JDK

if ! ls bench/target/lib/onnxruntime-*.jar >/dev/null 2>&1; then
  echo "building the bench module for ONNX Runtime's jar..."
  ./mvnw -B -q -pl bench -am install -DskipTests
fi
for m in $models; do
  if [ ! -f "$dir/$m.onnx" ]; then
    echo "exporting $m with PyTorch into $dir..."
    /usr/bin/python3 formats-onnx/src/test/python/export_models.py "$dir" "$m"
  fi
done
./convoy backends >/dev/null 2>&1 # builds Convoy once, before any timing

results="$out/results.csv"
echo "round,model,engine,median_ms" >"$results"
for round in $(seq 1 "$rounds"); do
  for m in $models; do
    c=$(./convoy bench "$dir/$m.onnx" --batch "$batch" --warmup-seconds "$warmup" --iters "$iters" \
      --backend "$backend" 2>&1 | sed -n 's/^median_ms=\([0-9.]*\).*/\1/p')
    o=$("$JAVA_HOME/bin/java" -cp "bench/target/lib/*" bench/scripts/OrtInfer.java "$dir/$m.onnx" "$batch" \
      "$warmup" "$iters" 2>&1 | sed -n 's/^median_ms=\([0-9.]*\).*/\1/p')
    echo "round $round $m: convoy ${c:-failed} ms, onnxruntime ${o:-failed} ms"
    echo "$round,$m,convoy,$c" >>"$results"
    echo "$round,$m,onnxruntime,$o" >>"$results"
  done
done

python3 - "$results" "$batch" <<'PY'
import csv, math, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
models = list(dict.fromkeys(r["model"] for r in rows))
print(f"\nbatch {sys.argv[2]}, median of the rounds:\n")
print("| model | Convoy ms | ONNX Runtime ms | Convoy speed |")
print("|---|---:|---:|---:|")
speeds = []
for m in models:
    med = {e: statistics.median(float(r["median_ms"]) for r in rows if r["model"] == m and r["engine"] == e and r["median_ms"])
           for e in ("convoy", "onnxruntime")}
    speed = med["onnxruntime"] / med["convoy"]
    speeds.append(speed)
    print(f"| {m} | {med['convoy']:.1f} | {med['onnxruntime']:.1f} | {speed:.2f}x |")
print(f"\ngeometric mean {math.exp(sum(map(math.log, speeds)) / len(speeds)):.2f}x, lowest {min(speeds):.2f}x")
PY
echo "raw results: $results"
