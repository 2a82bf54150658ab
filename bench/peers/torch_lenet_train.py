"""PyTorch side of `convoy bench lenet --batch 64 --train`: the zoo's lenet trained on random
28x28 images, forward + softmax cross-entropy + backward + SGD-momentum step, timed per step.

Same network as zoo `lenet`: CONV5-32 pad 2, RELU, POOL2, CONV5-64 pad 2, RELU, POOL2, FC-1024,
RELU, FC-10 (3,274,634 parameters). Run it with OpenBLAS, as the other peers:
  bench/peers/run_torch.sh --script torch_lenet_train.py [--batch 64] [--warmup 5] [--iters 30]
Prints median_ms=<m> images_per_s=<r>, the same last line `convoy bench` prints.
"""
import argparse
import os
import statistics
import sys
import time

import torch
from torch import nn


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Linear(1024, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--iters", type=int, default=30)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    net = lenet().train()
    params = sum(p.numel() for p in net.parameters())
    assert params == 3274634, params
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    samples = []
    for _ in range(args.iters):
        t0 = time.perf_counter()
        step()
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    print("# torch %s threads %d batch %d: min %.2f ms, max %.2f ms" % (
        torch.__version__, torch.get_num_threads(), args.batch, min(samples) * 1e3, max(samples) * 1e3),
        file=sys.stderr)
    print("median_ms=%.3f images_per_s=%.1f" % (med * 1e3, args.batch / med))


if __name__ == "__main__":
    main()
