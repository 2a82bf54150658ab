"""PyTorch side of `convoy bench resnet18 --batch 8 --train`: torchvision's resnet18 (1000
classes, 224x224) on random images, forward + softmax cross-entropy + backward + SGD-momentum
step, timed per step. Run it with OpenBLAS, as the other peers:
  bench/peers/run_torch.sh --script torch_resnet18_train.py [--batch 8] [--warmup 3] [--iters 10]
Prints median_ms=<m> images_per_s=<r>, the same last line `convoy bench` prints.
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torchvision
from torch import nn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--iters", type=int, default=10)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    net = torchvision.models.resnet18(num_classes=1000).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(args.batch, 3, 224, 224)
    y = torch.randint(0, 1000, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

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
