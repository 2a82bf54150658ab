#!/usr/bin/env bash
# Runs torch_bench.py with Debian's torch linked against OpenBLAS (OpenMP build) instead of the
# reference BLAS: the package is downloaded and unpacked into a private folder, nothing is installed.
# `--script NAME` runs another script of this folder (e.g. torch_lenet_train.py) the same way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${OPENBLAS_DIR:-/tmp/convoy-bench-openblas}"
if [ ! -f "$dir/root/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3" ]; then
  mkdir -p "$dir"
  (cd "$dir" && apt-get download libopenblas0-openmp >/dev/null && dpkg -x libopenblas0-openmp_*.deb root)
fi
unset OPENBLAS_CORETYPE
export LD_LIBRARY_PATH="$dir/root/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
script=torch_bench.py
if [ "${1:-}" = "--script" ]; then
  script="$2"
  shift 2
fi
exec /usr/bin/python3 "$here/$script" "$@"
