#!/usr/bin/env bash
# `convoy bench MODEL --batch B` on the rewritten network (BatchNorm folded, conv + residual add +
# activation fused) against the network as built (--no-fuse), alternating ROUNDS times (default 7)
# so both meet the same load on a shared machine. Prints every round, then per variant the fastest
# round and the median round (of each round's median iteration) and the ratios.
# Usage: bench/fusion-compare.sh [MODEL [BATCH]] [-- more bench options]   (default resnet18 1)
# CONVOY="cmd" overrides the ./convoy launcher; ITERS (default 40) and WARMUP_SECONDS (default 8).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
convoy="${CONVOY:-$here/../convoy}"
model="${1:-resnet18}"
batch="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
rounds="${ROUNDS:-7}"
out="$(mktemp -d)"
for round in $(seq 1 "$rounds"); do
  for variant in fused unfused; do
    flag=$([ "$variant" = unfused ] && echo --no-fuse || true)
    load="$(cut -d' ' -f1 /proc/loadavg)"
    line=$($convoy bench "$model" --batch "$batch" --iters "${ITERS:-40}" --warmup-seconds "${WARMUP_SECONDS:-8}" \
      $flag "$@" 2>/dev/null | tail -1)
    echo "round $round $variant (load $load): $line"
    echo "$line" | sed 's/median_ms=\([0-9.]*\).*/\1/' >>"$out/$variant"
  done
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
fastest() { sort -g "$1" | head -1; }
mf=$(median "$out/fused"); mu=$(median "$out/unfused"); ff=$(fastest "$out/fused"); fu=$(fastest "$out/unfused")
echo "median round ms: fused $mf, unfused $mu, speed-up $(awk -v a="$mu" -v b="$mf" 'BEGIN {printf "%.2f", a/b}')x"
echo "fastest round ms: fused $ff, unfused $fu, speed-up $(awk -v a="$fu" -v b="$ff" 'BEGIN {printf "%.2f", a/b}')x"
rm -rf "$out"
