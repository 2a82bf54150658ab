"""Small ONNX models for OnnxOperatorGoldenTest: Mul, Reshape, Squeeze/Unsqueeze and Transpose on computed
tensors, Mul/Reshape/Transpose on constants that the importer must fold, a Concat of one tensor and
spatial ReduceMean/ReduceMax.

Run with Debian's PyTorch (torch 1.13, onnx 1.12): /usr/bin/python3 make_operator_models.py OUT_DIR [NAME...]
(only the cases named, or all; the committed files are in src/test/resources/onnx-ops). For each case NAME it writes NAME.onnx,
NAME.input.npy (a fixed float32 input) and NAME.output.npy, the expected output: PyTorch's for the
models torch.onnx.export writes, NumPy's for the few graphs built node by node with onnx.helper (orders
and forms PyTorch does not emit, e.g. a constant as Mul's first input, or 0 in a Reshape target).
It prints each model's operators so that a reader can see what the test reaches.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

torch.manual_seed(2024)
torch.set_num_threads(1)


class MulGate(torch.nn.Module):
    """Mul of two computed tensors of one shape (c * sigmoid(c)), and of one tensor with itself."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        c = self.conv(x)
        g = c * torch.sigmoid(c)
        return g * g


class MulConstants(torch.nn.Module):
    """Mul by a scalar, by [C,1,1] and [1,C,1,1] (constant first), Mul then Add of a per-channel
    constant (an affine pair), and Mul of [N, D] by a per-feature [D]."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)
        self.s1 = torch.nn.Parameter(torch.randn(4, 1, 1))
        self.b1 = torch.nn.Parameter(torch.randn(4, 1, 1))
        self.s2 = torch.nn.Parameter(torch.randn(1, 4, 1, 1))
        self.fc = torch.nn.Linear(4 * 4 * 4, 5)
        self.s3 = torch.nn.Parameter(torch.randn(5))

    def forward(self, x):
        c = self.conv(x) * 0.5
        c = c * self.s1 + self.b1
        c = self.s2 * torch.relu(c)
        y = self.fc(c.flatten(1)) * self.s3
        return 3.0 * y


class Reshapes(torch.nn.Module):
    """Reshape to other rank-4 and rank-3 shapes (batch from Shape/Gather, or -1 first)."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(16, 5, 3, padding=1)
        self.fc = torch.nn.Linear(45, 3)

    def forward(self, x):
        c = self.conv1(x)  # [N, 4, 6, 6]
        r = c.reshape(c.shape[0], 16, 3, 3)
        d = self.conv2(r)  # [N, 5, 3, 3]
        e = torch.relu(d.reshape(-1, 5, 9))
        return self.fc(e.reshape(e.shape[0], 45))


class Transposes(torch.nn.Module):
    """Transposes that keep the batch first: NCHW to NWCH and NHWC, a per-item matrix transpose,
    and one that only moves axes of size 1 (a reshape in disguise)."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(7, 6, 3, padding=1)
        self.fc1 = torch.nn.Linear(120, 3)
        self.fc2 = torch.nn.Linear(6, 3)

    def forward(self, x):
        c = self.conv1(x)  # [N, 4, 5, 7]
        d = self.conv2(c.permute(0, 3, 1, 2))  # [N, 7, 4, 5] -> [N, 6, 4, 5]
        u = d.permute(0, 2, 3, 1).reshape(d.shape[0], 20, 6)
        w = u.transpose(1, 2)  # [N, 6, 20]
        g = F.adaptive_avg_pool2d(d, 1).permute(0, 2, 1, 3)  # [N, 1, 6, 1]
        return self.fc1(w.flatten(1)) + self.fc2(g.flatten(1))


class Squeezes(torch.nn.Module):
    """Squeeze and Unsqueeze on computed tensors, and Mul of two rank-3 tensors."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)

    def forward(self, x):
        g = F.adaptive_avg_pool2d(self.conv(x), 1)  # [N, 4, 1, 1]
        s = g.squeeze(3).squeeze(2)  # [N, 4]
        u = s.unsqueeze(2)  # [N, 4, 1]
        return (torch.sigmoid(u) * u).unsqueeze(-1)


class FoldedWeights(torch.nn.Module):
    """Weights computed from parameters by Mul, Reshape and Transpose; exported without PyTorch's
    constant folding, so Convoy's importer must fold them."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(4, 27) * 0.3)
        self.v = torch.nn.Parameter(torch.randn(64, 5) * 0.2)

    def forward(self, x):
        k = (self.w * 0.5).reshape(4, 3, 3, 3)
        c = F.conv2d(x, k)  # [N, 4, 4, 4]
        return F.linear(c.flatten(1), self.v.t() * 2.0)  # Transpose then Mul: PyTorch cannot fuse it into MatMul


class SpatialReductions(torch.nn.Module):
    """A Concat of one tensor (DenseNet), ReduceMean and ReduceMax over [2, 3] with keepdims (MNASNet,
    squeeze-and-excitation) and ReduceMean without."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)

    def forward(self, x):
        a = torch.cat([self.conv(x)], 1)
        pooled = torch.cat([a.mean((2, 3), keepdim=True), a.amax((2, 3), keepdim=True)], 1)  # [N, 8, 1, 1]
        return torch.cat([pooled.flatten(1), a.mean((2, 3))], 1)  # [N, 12]


class HardActivations(torch.nn.Module):
    """HardSigmoid and HardSwish (MobileNet v3) on a rank-4 and a rank-2 tensor; HardSwish is an
    operator of its own from opset 14, HardSigmoid times x before."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)

    def forward(self, x):
        c = self.conv(x)
        gated = F.hardswish(c) + F.hardsigmoid(c * 3.0)  # [N, 4, H, W]
        return F.hardswish(gated.flatten(1) * 2.0)


# name -> (module, input shape, opset, PyTorch constant folding)
TORCH_CASES = {
    "mul_gate": (MulGate, (2, 3, 5, 5), 13, True),
    "mul_constants": (MulConstants, (2, 3, 6, 6), 13, True),
    "reshapes": (Reshapes, (2, 3, 6, 6), 13, True),
    "transposes": (Transposes, (2, 3, 5, 7), 13, True),
    "squeezes_opset11": (Squeezes, (2, 3, 5, 5), 11, True),
    "squeezes_opset13": (Squeezes, (2, 3, 5, 5), 13, True),
    "folded_weights": (FoldedWeights, (2, 3, 6, 6), 13, False),
    "spatial_reductions": (SpatialReductions, (2, 3, 7, 6), 13, True),
    "hard_activations_opset13": (HardActivations, (2, 3, 6, 5), 13, True),
    "hard_activations_opset14": (HardActivations, (2, 3, 6, 5), 14, True),
}


def export_torch(name, out_dir):
    make, shape, opset, folding = TORCH_CASES[name]
    model = make().eval()
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(11))
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["x"], output_names=["y"],
                      do_constant_folding=folding)
    return x.numpy(), y.numpy()


def const_first(out_dir):
    """Mul(constant [1,C,1,1], x) and Mul(scalar, x) with the constant first, a Transpose of the last
    two axes, and Reshape to [0, -1, 4] (0 copies the batch): forms PyTorch does not write."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 4, 6)).astype(np.float32)
    scale = rng.standard_normal((1, 3, 1, 1)).astype(np.float32)
    half = np.array(0.5, dtype=np.float32)
    target = np.array([0, -1, 4], dtype=np.int64)
    nodes = [
        helper.make_node("Mul", ["scale", "x"], ["a"], name="per_channel_first"),
        helper.make_node("Mul", ["half", "a"], ["b"], name="scalar_first"),
        helper.make_node("Transpose", ["b"], ["t"], name="swap_hw", perm=[0, 1, 3, 2]),
        helper.make_node("Reshape", ["t", "target"], ["y"], name="zero_and_minus_one"),
    ]
    graph = helper.make_graph(nodes, "const_first",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 4, 6])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 18, 4])],
                              [numpy_helper.from_array(scale, "scale"), numpy_helper.from_array(half, "half"),
                               numpy_helper.from_array(target, "target")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="convoy-test")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, "const_first.onnx"))
    t = np.transpose(half * (scale * x), (0, 1, 3, 2))
    return x, t.reshape(2, -1, 4)


def const_folding(out_dir):
    """A Conv whose weight is Transpose(Reshape(Mul(w, 2))) of initializers, and a Mul by a per-channel
    factor that is itself Mul(Reshape(v), v') of constants: everything but the Conv and one Mul folds."""
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 2, 5, 5)).astype(np.float32)
    w = (rng.standard_normal((3, 3, 2, 3)) * 0.3).astype(np.float32)  # [kw, kh, C, K] before the transpose
    v = rng.standard_normal(3).astype(np.float32)
    nodes = [
        helper.make_node("Mul", ["w", "two"], ["w2"]),
        helper.make_node("Reshape", ["w2", "wshape"], ["w3"]),
        helper.make_node("Transpose", ["w3"], ["weight"], perm=[3, 2, 1, 0]),  # -> [K, C, kh, kw]
        helper.make_node("Conv", ["x", "weight"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Reshape", ["v", "vshape"], ["v3"]),
        helper.make_node("Mul", ["v3", "v3"], ["factor"]),
        helper.make_node("Mul", ["c", "factor"], ["y"]),
    ]
    inits = [numpy_helper.from_array(w.reshape(9, 6), "w"), numpy_helper.from_array(np.array(2, np.float32), "two"),
             numpy_helper.from_array(np.array([3, 3, 2, 3], np.int64), "wshape"),
             numpy_helper.from_array(v, "v"), numpy_helper.from_array(np.array([3, 1, 1], np.int64), "vshape")]
    graph = helper.make_graph(nodes, "const_folding",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 5, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3, 5, 5])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="convoy-test")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, "const_folding.onnx"))
    weight = torch.from_numpy(np.ascontiguousarray(np.transpose(w * 2, (3, 2, 1, 0))))
    c = F.conv2d(torch.from_numpy(x), weight, padding=1).numpy()
    return x, c * (v * v).reshape(3, 1, 1)


HELPER_CASES = {"const_first": const_first, "const_folding": const_folding}


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    names = sys.argv[2:] or list(TORCH_CASES) + list(HELPER_CASES)  # some cases only, or all
    for name in names:
        x, y = export_torch(name, out_dir) if name in TORCH_CASES else HELPER_CASES[name](out_dir)
        np.save(os.path.join(out_dir, name + ".input.npy"), x.astype(np.float32))
        np.save(os.path.join(out_dir, name + ".output.npy"), y.astype(np.float32))
        ops = [n.op_type for n in onnx.load(os.path.join(out_dir, name + ".onnx")).graph.node]
        print(name, list(x.shape), "->", list(y.shape), ":", " ".join(ops))


if __name__ == "__main__":
    main()
