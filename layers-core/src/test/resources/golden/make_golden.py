"""Golden values from PyTorch for the layers of layers-core that are not in the reference backend's set.

Run from this folder with a Python that has torch (1.13 was used):
    /usr/bin/python3 make_golden.py
It rewrites the *.json files beside it. Each file holds a "config" (hyperparameters) and tensors as
{"shape", "data"} in row-major order: inputs, parameters, the fixed upstream gradient "dy", and
PyTorch's outputs and gradients. GoldenLayersTest runs the Convoy layers on the reference backend
and compares.
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(231)
torch.set_default_dtype(torch.float32)


def tensor(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "data": [float("%.8g" % v) for v in t.flatten().tolist()]}


def save(name, config, **tensors):
    with open(name + ".json", "w") as f:
        json.dump({"name": name, "config": config,
                   "tensors": {k: tensor(v) for k, v in tensors.items()}}, f, separators=(",", ":"))


def leaf(*shape, scale=1.0, shift=0.0):
    return (torch.randn(*shape) * scale + shift).requires_grad_(True)


def batchnorm(name, shape, train, momentum=0.1, eps=1e-5):
    c = shape[1]
    bn = (nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d)(c, eps=eps, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(torch.randn(c))
        bn.bias.copy_(torch.randn(c))
        bn.running_mean.copy_(torch.randn(c))
        bn.running_var.copy_(torch.rand(c) + 0.5)
    running_mean, running_var = bn.running_mean.clone(), bn.running_var.clone()
    bn.train(train)
    x = leaf(*shape, scale=2.0, shift=1.0)
    y = bn(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    save(name, dict(momentum=momentum, epsilon=eps, training=1 if train else 0),
         x=x, weight=bn.weight, bias=bn.bias, running_mean=running_mean, running_var=running_var,
         y=y, dy=dy, dx=x.grad, dweight=bn.weight.grad, dbias=bn.bias.grad,
         running_mean_after=bn.running_mean, running_var_after=bn.running_var)


def lrn(name, shape, size, alpha, beta, k):
    x = leaf(*shape, scale=3.0)
    y = nn.LocalResponseNorm(size, alpha=alpha, beta=beta, k=k)(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    save(name, dict(size=size, alpha=alpha, beta=beta, bias=k), x=x, y=y, dy=dy, dx=x.grad)


def activation(name, module, config, shape=(2, 3, 4, 5)):
    x = leaf(*shape, scale=3.0)
    y = module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    save(name, config, x=x, y=y, dy=dy, dx=x.grad)


batchnorm("batchnorm_train_nchw", (3, 4, 3, 5), train=True)
batchnorm("batchnorm_train_nc", (6, 5), train=True, momentum=0.3, eps=1e-3)
batchnorm("batchnorm_eval_nchw", (2, 3, 4, 4), train=False)
lrn("lrn_alexnet", (2, 7, 3, 4), size=5, alpha=1e-4, beta=0.75, k=1.0)
lrn("lrn_strong_even", (2, 6, 2, 3), size=4, alpha=0.5, beta=0.6, k=2.0)
activation("leaky_relu_default", nn.LeakyReLU(), dict(alpha=0.01))
activation("leaky_relu_0_2", nn.LeakyReLU(0.2), dict(alpha=0.2))
activation("sigmoid", nn.Sigmoid(), dict())
activation("tanh", nn.Tanh(), dict())
activation("relu6", nn.ReLU6(), dict(), shape=(2, 3, 5, 5))
