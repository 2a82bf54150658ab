"""Golden values from PyTorch for the reference backend's kernels.

Run from this folder with a Python that has torch (1.13 was used):
    /usr/bin/python3 make_golden.py
It rewrites the *.json files beside it. Each file holds a "config" of whole numbers (the geometry
in Convoy's terms: NCHW, per-side padding, PyTorch dilation) and tensors as {"shape", "data"}
in row-major order: inputs, parameters, the fixed upstream gradient "dy", and PyTorch's outputs
and gradients. GoldenValuesTest reads them and checks the reference backend to 1e-5 relative.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(231)
torch.set_default_dtype(torch.float32)


def tensor(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "data": [float("%.7g" % v) for v in t.flatten().tolist()]}


def save(name, config, **tensors):
    with open(name + ".json", "w") as f:
        json.dump({"name": name, "config": config,
                   "tensors": {k: tensor(v) for k, v in tensors.items()}}, f, separators=(",", ":"))


def leaf(*shape):
    return torch.randn(*shape).requires_grad_(True)


def conv(name, n, c, h, w, k, kh, kw, stride=(1, 1), pads=(0, 0, 0, 0), dilation=(1, 1), groups=1):
    """pads = (top, left, bottom, right); asymmetric padding goes through F.pad as in PyTorch practice."""
    x = leaf(n, c, h, w)
    wt = leaf(k, c // groups, kh, kw)
    b = leaf(k)
    top, left, bottom, right = pads
    padded = F.pad(x, (left, right, top, bottom))
    y = F.conv2d(padded, wt, b, stride=stride, dilation=dilation, groups=groups)
    dy = torch.randn_like(y)
    y.backward(dy)
    config = dict(n=n, c=c, h=h, w=w, k=k, kh=kh, kw=kw, strideH=stride[0], strideW=stride[1],
                  padTop=top, padLeft=left, padBottom=bottom, padRight=right,
                  dilationH=dilation[0], dilationW=dilation[1], groups=groups,
                  outH=y.shape[2], outW=y.shape[3])
    save(name, config, x=x, w=wt, b=b, y=y, dy=dy, dx=x.grad, dw=wt.grad, db=b.grad)


def pool(name, kind, n, c, h, w, k, s, pad=0, ceil=False, count_include_pad=True):
    x = leaf(n, c, h, w)
    indices = None
    if kind == "MAX":
        y, indices = F.max_pool2d(x, k, s, pad, ceil_mode=ceil, return_indices=True)
    elif kind == "AVERAGE":
        y = F.avg_pool2d(x, k, s, pad, ceil_mode=ceil, count_include_pad=count_include_pad)
    else:  # L2: lp_pool2d with p=2 is sqrt(sum x^2) over the window (no padding in torch)
        assert pad == 0 and not ceil
        y = F.lp_pool2d(x, 2, k, s)
    dy = torch.randn_like(y)
    y.backward(dy)
    config = dict(kind=kind, n=n, c=c, h=h, w=w, kh=k, kw=k, strideH=s, strideW=s,
                  padTop=pad, padLeft=pad, padBottom=pad, padRight=pad,
                  countIncludePad=int(count_include_pad), outH=y.shape[2], outW=y.shape[3])
    extra = {"switches": indices.float()} if indices is not None else {}
    save(name, config, x=x, y=y, dy=dy, dx=x.grad, **extra)


def linear():
    x = leaf(3, 5)
    wt = leaf(4, 5)
    b = leaf(4)
    y = F.linear(x, wt, b)
    dy = torch.randn_like(y)
    y.backward(dy)
    save("linear", {}, x=x, w=wt, b=b, y=y, dy=dy, dx=x.grad, dw=wt.grad, db=b.grad)


def softmax_cross_entropy():
    scores = (3 * torch.randn(4, 6)).requires_grad_(True)
    labels = torch.tensor([0, 5, 2, 2])
    loss = F.cross_entropy(scores, labels)
    loss.backward()
    save("softmax_cross_entropy", {}, scores=scores, labels=labels.float(),
         probabilities=F.softmax(scores, dim=1), loss=loss.reshape(1), dScores=scores.grad)


def multiclass_hinge():
    # torch's multi_margin_loss is mean_i (sum_{j != y_i} max(0, margin - s_y + s_j)) / K;
    # the notes' SVM (and Convoy's multiclassHinge) has no /K, so the loss and gradient are times K.
    scores = torch.randn(5, 4).requires_grad_(True)
    labels = torch.tensor([1, 0, 3, 3, 2])
    margin = 1.0
    classes = scores.shape[1]
    loss = F.multi_margin_loss(scores, labels, p=1, margin=margin)
    loss.backward()
    save("multiclass_hinge", {"marginTimes1000": int(margin * 1000)}, scores=scores, labels=labels.float(),
         loss=(loss * classes).reshape(1), dScores=scores.grad * classes)


conv("conv_stride2_pad1", 2, 2, 6, 5, 3, 3, 3, stride=(2, 2), pads=(1, 1, 1, 1))
conv("conv_dilation2", 1, 2, 7, 7, 3, 3, 3, pads=(2, 2, 2, 2), dilation=(2, 2))
conv("conv_groups2", 1, 4, 4, 4, 6, 3, 3, pads=(1, 1, 1, 1), groups=2)
conv("conv_asymmetric_pad", 1, 2, 5, 6, 2, 3, 2, stride=(2, 1), pads=(0, 2, 1, 0))
conv("conv_rectangular", 2, 2, 6, 7, 3, 2, 4, stride=(1, 2), pads=(1, 0, 1, 0))
pool("maxpool_k2_s2", "MAX", 1, 2, 6, 6, 2, 2)
pool("maxpool_k3_s2_pad1_ceil", "MAX", 1, 2, 6, 7, 3, 2, pad=1, ceil=True)
pool("avgpool_k2_s2", "AVERAGE", 1, 2, 6, 6, 2, 2)
pool("avgpool_k3_s2_pad1_ceil_incl", "AVERAGE", 1, 2, 6, 7, 3, 2, pad=1, ceil=True, count_include_pad=True)
pool("avgpool_k3_s2_pad1_ceil_excl", "AVERAGE", 1, 2, 6, 7, 3, 2, pad=1, ceil=True, count_include_pad=False)
pool("l2pool_k2_s2", "L2", 1, 2, 6, 6, 2, 2)
pool("l2pool_k3_s2", "L2", 1, 2, 7, 7, 3, 2)
linear()
softmax_cross_entropy()
multiclass_hinge()
