"""Writes ../resources/parameter-counts.csv: the trainable parameter count of every zoo model as
PyTorch 1.13 / torchvision 0.14 count it, the oracle ZooTest checks Convoy's definitions against.

torchvision provides alexnet, vgg*, resnet*, googlenet (aux_logits=False); the others are written
out here the way the zoo defines them (LeNet-5, ZF Net, the small nets). Run with /usr/bin/python3.
"""
import os

import torch.nn as nn
import torchvision.models as tv


def count(model):
    return sum(p.numel() for p in model.parameters())


def lenet():
    return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Linear(1024, 10))


def cifar_small():
    return nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.Conv2d(32, 32, 3, padding=1), nn.MaxPool2d(2),
                         nn.Conv2d(32, 32, 3, padding=1), nn.Conv2d(32, 32, 3, padding=1), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(8 * 8 * 32, 512), nn.Linear(512, 10))


def cifar_notes():
    return nn.Sequential(nn.Conv2d(3, 12, 3, padding=1), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 16 * 12, 10))


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                         nn.AvgPool2d(2), nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(), nn.Linear(120, 84),
                         nn.Tanh(), nn.Linear(84, 10))


def zfnet():
    return nn.Sequential(nn.Conv2d(3, 96, 7, stride=2, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
                         nn.LocalResponseNorm(5, 1e-4, 0.75, 2),
                         nn.Conv2d(96, 256, 5, stride=2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
                         nn.LocalResponseNorm(5, 1e-4, 0.75, 2),
                         nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(), nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
                         nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2),
                         nn.Flatten(), nn.Linear(6 * 6 * 256, 4096), nn.ReLU(), nn.Linear(4096, 4096), nn.ReLU(),
                         nn.Linear(4096, 1000))


MODELS = {
    "lenet": lenet,
    "cifar-small": cifar_small,
    "cifar-notes": cifar_notes,
    "lenet5": lenet5,
    "alexnet": tv.alexnet,
    "zfnet": zfnet,
    "vgg11": tv.vgg11,
    "vgg16": tv.vgg16,
    "vgg19": tv.vgg19,
    "googlenet": lambda: tv.googlenet(aux_logits=False, init_weights=False),
    "resnet18": tv.resnet18,
    "resnet34": tv.resnet34,
    "resnet50": tv.resnet50,
}

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "parameter-counts.csv")
    with open(out, "w") as f:
        f.write("model,parameters\n")
        for name, make in MODELS.items():
            f.write(f"{name},{count(make())}\n")
    print(open(out).read())
