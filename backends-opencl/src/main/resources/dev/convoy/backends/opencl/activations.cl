// The activations of ActivationKernels and their gradients, one work-item per value. Each
// work-item reads its value before it writes it, so y may be x and dx may be dy.
// No contraction into fused multiply-adds: products and sums round as the reference backend's do.
// Sigmoid and tanh run in float (the reference rounds a double once): within a few units in the
// last place, far inside the conformance kit's tolerance.
#pragma OPENCL FP_CONTRACT OFF

// Java's Math.max: NaN if either is NaN, +0 over -0.
inline float java_max(const float a, const float b) {
  if (isnan(a) || isnan(b)) {
    return a + b;
  }
  if (a == b) {
    return signbit(a) ? b : a;
  }
  return a > b ? a : b;
}

// Java's Math.min: NaN if either is NaN, -0 over +0.
inline float java_min(const float a, const float b) {
  if (isnan(a) || isnan(b)) {
    return a + b;
  }
  if (a == b) {
    return signbit(a) ? a : b;
  }
  return a < b ? a : b;
}

__kernel void relu_forward(__global const float* x, __global float* y, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float v = x[i];
    y[i] = v <= 0.0f ? 0.0f : v; // NaN stays NaN, as in PyTorch and the reference backend
  }
}

__kernel void leaky_relu_forward(__global const float* x, __global float* y, const float alpha, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float v = x[i];
    y[i] = v > 0.0f ? v : alpha * v;
  }
}

__kernel void clip_forward(__global const float* x, __global float* y, const float lo, const float hi,
    const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    y[i] = java_min(java_max(x[i], lo), hi);
  }
}

__kernel void sigmoid_forward(__global const float* x, __global float* y, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    y[i] = 1.0f / (1.0f + exp(-x[i]));
  }
}

__kernel void tanh_forward(__global const float* x, __global float* y, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    y[i] = tanh(x[i]);
  }
}

// ReLU's gradient from its output y.
__kernel void relu_backward(__global const float* y, __global const float* dy, __global float* dx, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
  }
}

// Leaky ReLU's gradient from its input x.
__kernel void leaky_relu_backward(__global const float* x, __global const float* dy, __global float* dx,
    const float alpha, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float g = dy[i];
    dx[i] = x[i] > 0.0f ? g : alpha * g;
  }
}

// Clip's gradient from its input x: none at the bounds.
__kernel void clip_backward(__global const float* x, __global const float* dy, __global float* dx, const float lo,
    const float hi, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float v = x[i];
    dx[i] = v > lo && v < hi ? dy[i] : 0.0f;
  }
}

// Sigmoid's gradient from its output y: (dy * y) * (1 - y), rounded in that order.
__kernel void sigmoid_backward(__global const float* y, __global const float* dy, __global float* dx, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float out = y[i];
    const float scaled = dy[i] * out;
    dx[i] = scaled * (1.0f - out);
  }
}

// Tanh's gradient from its output y: dy * (1 - y * y).
__kernel void tanh_backward(__global const float* y, __global const float* dy, __global float* dx, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float out = y[i];
    const float square = out * out;
    dx[i] = dy[i] * (1.0f - square);
  }
}
