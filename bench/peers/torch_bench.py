"""PyTorch side of bench/RESULTS.md: SGEMM and the four conv layers on 2 threads, median of repeats.

Run with Debian's torch against OpenBLAS (the default reference BLAS manages ~8 GFLOP/s):
  bench/peers/run_torch.sh            (unpacks libopenblas0-openmp and sets LD_LIBRARY_PATH)
Prints one CSV line per case: peer,case,median_ms,gflops,min_ms,max_ms.
"""
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from layers import CONV_LAYERS, GEMM_SHAPES, conv_flops  # noqa: E402

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))


def measure(fn, flops, min_seconds=0.2):
    for _ in range(3):
        fn()
    # Batch calls so each timed sample lasts a few milliseconds at least.
    t0 = time.perf_counter()
    fn()
    once = time.perf_counter() - t0
    inner = max(1, int(0.02 / max(once, 1e-6)))
    samples = []
    deadline = time.perf_counter() + min_seconds
    while len(samples) < REPEATS or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
        if len(samples) > 200:
            break
    med = statistics.median(samples)
    return med, flops / med / 1e9, min(samples), max(samples)


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    print("# torch", torch.__version__, "threads", torch.get_num_threads(), "mkldnn", torch.backends.mkldnn.is_available(),
          file=sys.stderr)
    with torch.no_grad():
        for name, m, n, k in GEMM_SHAPES:
            a = torch.randn(m, k)
            b = torch.randn(k, n)
            c = torch.empty(m, n)
            med, gf, lo, hi = measure(lambda: torch.mm(a, b, out=c), 2.0 * m * n * k)
            print("torch,sgemm_%s,%.4f,%.1f,%.4f,%.4f" % (name, med * 1e3, gf, lo * 1e3, hi * 1e3), flush=True)
        for name, n, c, h, k, f, s, p in CONV_LAYERS:
            conv = torch.nn.Conv2d(c, k, f, stride=s, padding=p, bias=True).eval()
            x = torch.randn(n, c, h, h)
            med, gf, lo, hi = measure(lambda: conv(x), conv_flops(n, c, h, k, f, s, p))
            print("torch,conv_%s,%.4f,%.1f,%.4f,%.4f" % (name, med * 1e3, gf, lo * 1e3, hi * 1e3), flush=True)


if __name__ == "__main__":
    main()
