#!/usr/bin/env bash
# Convoy's `bench resnet18 --batch 8 --train` against the same step in PyTorch (torchvision's
# resnet18, OpenBLAS, 2 threads, bench/peers/torch_resnet18_train.py), alternating ROUNDS times
# (default 3); prints every round, then each engine's median round and the ratio of images/s.
# Usage: bench/resnet18-train.sh [--backend NAME]     BATCH=8 ITERS=8 WARMUP_SECONDS=10
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
convoy="${CONVOY:-$here/../convoy}"
rounds="${ROUNDS:-3}"
batch="${BATCH:-8}"
iters="${ITERS:-8}"
warmup_seconds="${WARMUP_SECONDS:-10}"
out="$(mktemp -d)"
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  c=$($convoy bench resnet18 --batch "$batch" --train --warmup-seconds "$warmup_seconds" --iters "$iters" "$@" \
    2>/dev/null | tail -1)
  t=$("$here/peers/run_torch.sh" --script torch_resnet18_train.py --batch "$batch" --warmup 3 --iters "$iters" \
    2>/dev/null | tail -1)
  echo "round $round (load $load): convoy $c | torch $t"
  echo "$c" | sed 's/.*images_per_s=//' >>"$out/convoy"
  echo "$t" | sed 's/.*images_per_s=//' >>"$out/torch"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
mc=$(median "$out/convoy")
mt=$(median "$out/torch")
echo "median images/s over $rounds rounds: convoy $mc, torch $mt, convoy/torch $(awk -v a="$mc" -v b="$mt" 'BEGIN {printf "%.2f", a/b}')x"
rm -rf "$out"
