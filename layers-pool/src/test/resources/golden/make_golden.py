"""Golden values from PyTorch for global average and global max pooling.

Run from this folder with a Python that has torch (1.13 was used):
    /usr/bin/python3 make_golden.py
It rewrites the *.json files beside it: the input "x", the fixed upstream gradient "dy", and
PyTorch's output "y" and input gradient "dx", as {"shape", "data"} in row-major order.
GlobalPoolTest runs the Convoy layers on the reference backend and compares.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(231)


def tensor(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "data": [float("%.8g" % v) for v in t.flatten().tolist()]}


def save(name, **tensors):
    with open(name + ".json", "w") as f:
        json.dump({"name": name, "config": {}, "tensors": {k: tensor(v) for k, v in tensors.items()}}, f,
                  separators=(",", ":"))


def case(name, pool, shape):
    x = torch.randn(*shape).requires_grad_(True)
    y = pool(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    save(name, x=x, y=y, dy=dy, dx=x.grad)


case("global_average_pool", lambda x: F.adaptive_avg_pool2d(x, 1), (2, 3, 5, 4))
case("global_max_pool", lambda x: F.adaptive_max_pool2d(x, 1), (2, 3, 5, 4))
