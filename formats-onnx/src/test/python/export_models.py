"""Exports torchvision ConvNets to ONNX with PyTorch's outputs, for OnnxAcceptanceTest.

Run with Debian's PyTorch (torch 1.13, torchvision 0.14): /usr/bin/python3 export_models.py OUT_DIR [NAME...]
For each model NAME it writes OUT_DIR/NAME.onnx, NAME.input.npy (a fixed 1x3x224x224 float32 input)
and NAME.output.npy (PyTorch's eval-mode output for it). Pretrained weights cannot be downloaded
here, so every model is randomly initialised with a fixed seed; batch-norm statistics are made
non-trivial so that their import is checked too. Each model is exported at a different opset so
that opset-dependent attributes (Clip's min/max, Softmax's axis, Pad) are exercised.
"""
import os
import sys

import numpy as np
import torch
import torchvision

# name -> (constructor, opset)
MODELS = {
    "resnet18": (lambda: torchvision.models.resnet18(), 13),
    "alexnet": (lambda: torchvision.models.alexnet(), 9),
    "vgg11": (lambda: torchvision.models.vgg11(), 11),
    "googlenet": (lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True), 13),
    "squeezenet1_0": (lambda: torchvision.models.squeezenet1_0(), 10),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(), 12),
    "densenet121": (lambda: torchvision.models.densenet121(), 13),
    "mnasnet1_0": (lambda: torchvision.models.mnasnet1_0(), 13),
    "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(), 13),
    "regnet_y_400mf": (lambda: torchvision.models.regnet_y_400mf(), 13),
    "mobilenet_v3_small": (lambda: torchvision.models.mobilenet_v3_small(), 13),
}


def randomise_batch_norm(model, generator):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.weight.shape, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=generator) + 0.5)


def export(name, out_dir):
    make, opset = MODELS[name]
    torch.manual_seed(1234)
    model = make()
    randomise_batch_norm(model, torch.Generator().manual_seed(99))
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, x, path + ".tmp", opset_version=opset, input_names=["data"], output_names=["scores"],
                      do_constant_folding=True)
    np.save(os.path.join(out_dir, name + ".input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, name + ".output.npy"), y.numpy().astype(np.float32))
    os.replace(path + ".tmp", path)  # last, so that a present .onnx means a complete set


def main():
    torch.set_num_threads(1)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for name in sys.argv[2:] or MODELS:
        export(name, out_dir)


if __name__ == "__main__":
    main()
