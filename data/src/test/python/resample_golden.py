"""Golden values for ResamplerTest, from PyTorch.

Run from the repository root with the interpreter that has torch:
    /usr/bin/python3 data/src/test/python/resample_golden.py
It rewrites data/src/test/resources/dev/convoy/data/resample-golden.json.
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(231)


def case(x, y):
    return {
        "in_hw": list(x.shape[-2:]),
        "out_hw": list(y.shape[-2:]),
        "input": [round(v, 6) for v in x.flatten().tolist()],
        "output": [round(v, 6) for v in y.flatten().tolist()],
    }


up = torch.rand(1, 1, 3, 4) * 255
down = torch.rand(1, 1, 6, 9) * 255
golden = {
    # Enlarging: bilinear, pixel centres at half-integers.
    "bilinear_up": case(up, F.interpolate(up, size=(5, 7), mode="bilinear", align_corners=False)),
    # Shrinking by whole factors (2 and 3): plain block averages.
    "area_down": case(down, F.adaptive_avg_pool2d(down, (3, 3))),
}
with open("data/src/test/resources/dev/convoy/data/resample-golden.json", "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
