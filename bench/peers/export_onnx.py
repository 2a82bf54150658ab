"""Exports each benchmark conv layer (a Conv2d with bias, batch 8, NCHW) to ONNX for OrtConvBenchmark.

Usage: /usr/bin/python3 bench/peers/export_onnx.py [OUT_DIR]   (default bench/target/onnx)
Input is named x and output y; weights are random (timing does not depend on them).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from layers import CONV_LAYERS  # noqa: E402


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "onnx")
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    for name, n, c, h, k, f, s, p in CONV_LAYERS:
        conv = torch.nn.Conv2d(c, k, f, stride=s, padding=p, bias=True).eval()
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(conv, torch.randn(n, c, h, h), path, input_names=["x"], output_names=["y"],
                          opset_version=13)
        print(path)


if __name__ == "__main__":
    main()
