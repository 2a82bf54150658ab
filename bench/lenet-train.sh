#!/usr/bin/env bash
# Convoy's `bench lenet --batch 64 --train` against the same LeNet training step in PyTorch
# (OpenBLAS, 2 threads, bench/peers/torch_lenet_train.py), alternating ROUNDS times (default 5) so
# both meet the same load; prints every round, then each engine's median round and the ratio.
# Convoy warms up for WARMUP_SECONDS (default 10, its bench's default: the JVM compiles the vector
# kernels during the first steps, and a training run lasts thousands), PyTorch for WARMUP steps
# (default 20; it is steady after a few); then both time ITERS steps (default 30).
# Usage: bench/lenet-train.sh [--backend NAME]      CONVOY="cmd" overrides the ./convoy launcher.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
convoy="${CONVOY:-$here/../convoy}"
rounds="${ROUNDS:-5}"
iters="${ITERS:-30}"
warmup="${WARMUP:-20}"
warmup_seconds="${WARMUP_SECONDS:-10}"
out="$(mktemp -d)"
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  c=$($convoy bench lenet --batch 64 --train --warmup-seconds "$warmup_seconds" --iters "$iters" "$@" 2>/dev/null | tail -1)
  t=$("$here/peers/run_torch.sh" --script torch_lenet_train.py --batch 64 --warmup "$warmup" --iters "$iters" 2>/dev/null | tail -1)
  echo "round $round (load $load): convoy $c | torch $t"
  echo "$c" | sed 's/.*images_per_s=//' >>"$out/convoy"
  echo "$t" | sed 's/.*images_per_s=//' >>"$out/torch"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
mc=$(median "$out/convoy")
mt=$(median "$out/torch")
echo "median images/s over $rounds rounds: convoy $mc, torch $mt, convoy/torch $(awk -v a="$mc" -v b="$mt" 'BEGIN {printf "%.2f", a/b}')x"
rm -rf "$out"
