"""The benchmark's layers and GEMM shapes, shared by the peer scripts (the JMH side has the same table)."""

# name, N, C, H(=W), K, F(=kh=kw), stride, pad
CONV_LAYERS = [
    ("conv3x3_64_56", 8, 64, 56, 64, 3, 1, 1),
    ("conv3x3_256_14", 8, 256, 14, 256, 3, 1, 1),
    ("alexnet_conv1", 8, 3, 227, 96, 11, 4, 0),
    ("conv1x1_256_64_56", 8, 256, 56, 64, 1, 1, 0),
]


def out_size(h, f, stride, pad):
    return (h + 2 * pad - f) // stride + 1


def conv_flops(n, c, h, k, f, stride, pad):
    o = out_size(h, f, stride, pad)
    return 2.0 * n * k * c * f * f * o * o


# Square SGEMMs, then each conv layer's per-image GEMM: M = K filters, N = output positions, K = C*F*F.
GEMM_SHAPES = [("square%d" % s, s, s, s) for s in (256, 512, 1024, 2048)] + [
    ("gemm_" + name, k, out_size(h, f, s, p) ** 2, c * f * f) for (name, n, c, h, k, f, s, p) in CONV_LAYERS
]
