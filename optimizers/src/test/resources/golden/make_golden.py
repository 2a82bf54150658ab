"""Golden values from PyTorch for every Convoy optimizer: three steps on one small tensor.

Run from this folder with a Python that has torch (1.13 was used):
    /usr/bin/python3 make_golden.py
It rewrites the *.json files beside it. Each holds a "config" with the Convoy optimizer name
("optimizer") and its hyperparameters under Convoy's names, and tensors in row-major order: the
start value "w0", the gradients "g1".."g3" fed at steps 1..3, and PyTorch's values "w1".."w3"
after each step. OptimizerGoldenTest replays them on the reference backend.
"""
import json

import torch

torch.manual_seed(231)


def tensor(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.flatten().tolist()]}


def case(name, optimizer, make, **hyper):
    w = torch.randn(2, 3).requires_grad_(True)
    tensors = {"w0": w.detach().clone()}
    opt = make([w])
    for step in range(1, 4):
        g = torch.randn(2, 3)
        w.grad = g.clone()
        opt.step()
        tensors["g%d" % step] = g
        tensors["w%d" % step] = w.detach().clone()
    config = dict(optimizer=optimizer, **hyper)
    with open(name + ".json", "w") as f:
        json.dump({"name": name, "config": config, "tensors": {k: tensor(v) for k, v in tensors.items()}}, f,
                  separators=(",", ":"))


O = torch.optim
case("sgd", "sgd", lambda p: O.SGD(p, lr=0.1), lr=0.1)
case("sgd_weight_decay", "sgd", lambda p: O.SGD(p, lr=0.1, weight_decay=0.05), lr=0.1, weight_decay=0.05)
case("momentum", "momentum", lambda p: O.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
     lr=0.1, momentum=0.9, weight_decay=0.01)
case("nesterov", "nesterov", lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
     lr=0.1, momentum=0.9, weight_decay=0.01)
case("nesterov_default", "nesterov", lambda p: O.SGD(p, lr=0.01, momentum=0.9, nesterov=True))
case("adagrad_default", "adagrad", lambda p: O.Adagrad(p))
case("adagrad_all", "adagrad",
     lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-6),
     lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-6)
case("rmsprop_default", "rmsprop", lambda p: O.RMSprop(p))
case("rmsprop_momentum", "rmsprop", lambda p: O.RMSprop(p, lr=0.02, alpha=0.9, eps=1e-6, weight_decay=0.01,
                                                         momentum=0.5),
     lr=0.02, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5)
case("adam_default", "adam", lambda p: O.Adam(p))
case("adam_all", "adam", lambda p: O.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05),
     lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.05)
case("adamw_default", "adamw", lambda p: O.AdamW(p))
case("adamw_all", "adamw", lambda p: O.AdamW(p, lr=0.01, betas=(0.85, 0.995), eps=1e-7, weight_decay=0.1),
     lr=0.01, beta1=0.85, beta2=0.995, eps=1e-7, weight_decay=0.1)
