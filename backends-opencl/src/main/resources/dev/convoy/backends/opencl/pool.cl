// Max, average and L2 pooling and their gradients, as the reference backend's ReferencePool defines them.
// The geometry arrives as -D constants (IN_H, IN_W, K_H, K_W, STRIDE_H, STRIDE_W, PAD_T, PAD_L, PAD_B,
// PAD_R, OUT_H, OUT_W, COUNT_INCLUDE_PAD); planes are n * c images of one channel.
//
// Forward: one work-item per output value. Backward: one work-item per input value, gathering from
// the windows that contain it in output order, so each dx value is written once (no atomics) and adds
// its terms in the reference's order. Loops run over every tap of a window, or every window that may
// contain an input, skipping those that do not apply: constant trip counts, which the compiler
// unrolls, so that work-items run in step (PoCL then vectorizes across them).
#pragma OPENCL FP_CONTRACT OFF

#define IN_PLANE (IN_H * IN_W)
#define OUT_PLANE (OUT_H * OUT_W)
// At most this many windows contain one input row (column).
#define SPAN_H ((K_H + STRIDE_H - 1) / STRIDE_H)
#define SPAN_W ((K_W + STRIDE_W - 1) / STRIDE_W)

// One output's window clipped to the input (rows h0..h1-1, columns w0..w1-1) and the average's divisor.
// The divisor with padding counts the window clipped to the padded input, so a ceil-mode window running
// past the padding never counts those positions (as PyTorch).
typedef struct {
  int top;
  int left;
  int h0;
  int h1;
  int w0;
  int w1;
  int divisor;
} Window;

inline Window window_of(const int oh, const int ow) {
  const int hStart = oh * STRIDE_H - PAD_T;
  const int wStart = ow * STRIDE_W - PAD_L;
  const int hEnd = min(hStart + K_H, IN_H + PAD_B);
  const int wEnd = min(wStart + K_W, IN_W + PAD_R);
  Window win;
  win.top = hStart;
  win.left = wStart;
  win.h0 = max(hStart, 0);
  win.w0 = max(wStart, 0);
  win.h1 = min(hEnd, IN_H);
  win.w1 = min(wEnd, IN_W);
#if COUNT_INCLUDE_PAD
  win.divisor = (hEnd - hStart) * (wEnd - wStart);
#else
  win.divisor = max(0, win.h1 - win.h0) * max(0, win.w1 - win.w0);
#endif
  return win;
}

// A window with no input position (padding as wide as the window) gives 0 and routes no gradient.
inline bool is_empty(const Window win) {
  return win.h0 >= win.h1 || win.w0 >= win.w1;
}

// Whether input (ih, iw) lies in the window of output (oh, ow), given oh * STRIDE_H - PAD_T <= ih and
// ow * STRIDE_W - PAD_L <= iw: the window is in the output and reaches the input.
inline bool reaches(const int oh, const int ow, const int ih, const int iw) {
  return oh >= 0 && oh < OUT_H && ow >= 0 && ow < OUT_W && ih < oh * STRIDE_H - PAD_T + K_H
      && iw < ow * STRIDE_W - PAD_L + K_W;
}

// Tap (i, j) of a window, when it lies in the input: within the clipped extent.
inline bool inside(const Window win, const int ih, const int iw) {
  return ih >= win.h0 && ih < win.h1 && iw >= win.w0 && iw < win.w1;
}

// y = the window's maximum; switches (where recordSwitches) = its index ih * IN_W + iw in the plane.
// The first maximum wins ties; the first NaN wins and propagates, as in PyTorch.
__kernel void pool_max_forward(__global const float* x, __global float* y, __global float* switches,
    const int recordSwitches, const int outputs) {
  const int out = get_global_id(0);
  if (out >= outputs) {
    return;
  }
  const int plane = out / OUT_PLANE;
  const int oh = (out - plane * OUT_PLANE) / OUT_W;
  const Window win = window_of(oh, out % OUT_W);
  __global const float* in = x + plane * IN_PLANE;
  int best = -1;
  float bestValue = -INFINITY;
  for (int i = 0; i < K_H; i++) {
    for (int j = 0; j < K_W; j++) {
      const int ih = win.top + i;
      const int iw = win.left + j;
      if (!inside(win, ih, iw)) {
        continue;
      }
      const float v = in[ih * IN_W + iw];
      if (best < 0 || v > bestValue || (isnan(v) && !isnan(bestValue))) {
        best = ih * IN_W + iw;
        bestValue = v;
      }
    }
  }
  y[out] = best < 0 ? 0.0f : bestValue;
  if (recordSwitches) {
    switches[out] = (float) best;
  }
}

__kernel void pool_average_forward(__global const float* x, __global float* y, const int outputs) {
  const int out = get_global_id(0);
  if (out >= outputs) {
    return;
  }
  const int plane = out / OUT_PLANE;
  const int oh = (out - plane * OUT_PLANE) / OUT_W;
  const Window win = window_of(oh, out % OUT_W);
  __global const float* in = x + plane * IN_PLANE;
  float sum = 0.0f;
  for (int i = 0; i < K_H; i++) {
    for (int j = 0; j < K_W; j++) {
      const int ih = win.top + i;
      const int iw = win.left + j;
      if (inside(win, ih, iw)) {
        sum += in[ih * IN_W + iw];
      }
    }
  }
  y[out] = is_empty(win) ? 0.0f : sum / (float) win.divisor;
}

__kernel void pool_l2_forward(__global const float* x, __global float* y, const int outputs) {
  const int out = get_global_id(0);
  if (out >= outputs) {
    return;
  }
  const int plane = out / OUT_PLANE;
  const int oh = (out - plane * OUT_PLANE) / OUT_W;
  const Window win = window_of(oh, out % OUT_W);
  __global const float* in = x + plane * IN_PLANE;
  float sumSquares = 0.0f;
  for (int i = 0; i < K_H; i++) {
    for (int j = 0; j < K_W; j++) {
      const int ih = win.top + i;
      const int iw = win.left + j;
      if (inside(win, ih, iw)) {
        const float v = in[ih * IN_W + iw];
        sumSquares += v * v;
      }
    }
  }
  y[out] = sqrt(sumSquares);
}

// dx = the sum of dy over the outputs whose switch is this input. Every window containing the input is
// visited in output order (oh, then ow), as the reference adds them.
__kernel void pool_max_backward(__global const float* dy, __global const float* switches, __global float* dx,
    const int inputs) {
  const int at = get_global_id(0);
  if (at >= inputs) {
    return;
  }
  const int plane = at / IN_PLANE;
  const int index = at - plane * IN_PLANE;
  const int ih = index / IN_W;
  const int iw = index - ih * IN_W;
  const float me = (float) index;
  float sum = 0.0f;
  // The windows that may contain the input end with the last one starting at or before it.
  const int lastH = (ih + PAD_T) / STRIDE_H;
  const int lastW = (iw + PAD_L) / STRIDE_W;
  for (int dh = SPAN_H - 1; dh >= 0; dh--) {
    const int oh = lastH - dh;
    for (int dw = SPAN_W - 1; dw >= 0; dw--) {
      const int ow = lastW - dw;
      if (!reaches(oh, ow, ih, iw)) {
        continue;
      }
      const int out = plane * OUT_PLANE + oh * OUT_W + ow;
      if (switches[out] == me) {
        sum += dy[out];
      }
    }
  }
  dx[at] = sum;
}

// dx = the sum of dy / divisor over the windows containing this input.
__kernel void pool_average_backward(__global const float* dy, __global float* dx, const int inputs) {
  const int at = get_global_id(0);
  if (at >= inputs) {
    return;
  }
  const int plane = at / IN_PLANE;
  const int index = at - plane * IN_PLANE;
  const int ih = index / IN_W;
  const int iw = index - ih * IN_W;
  float sum = 0.0f;
  // The windows that may contain the input end with the last one starting at or before it.
  const int lastH = (ih + PAD_T) / STRIDE_H;
  const int lastW = (iw + PAD_L) / STRIDE_W;
  for (int dh = SPAN_H - 1; dh >= 0; dh--) {
    const int oh = lastH - dh;
    for (int dw = SPAN_W - 1; dw >= 0; dw--) {
      const int ow = lastW - dw;
      if (!reaches(oh, ow, ih, iw)) {
        continue;
      }
      const Window win = window_of(oh, ow);
      sum += dy[plane * OUT_PLANE + oh * OUT_W + ow] / (float) win.divisor;
    }
  }
  dx[at] = sum;
}

// dx = the sum of dy * x / y over the windows containing this input whose norm y is not zero.
__kernel void pool_l2_backward(__global const float* x, __global const float* y, __global const float* dy,
    __global float* dx, const int inputs) {
  const int at = get_global_id(0);
  if (at >= inputs) {
    return;
  }
  const int plane = at / IN_PLANE;
  const int index = at - plane * IN_PLANE;
  const int ih = index / IN_W;
  const int iw = index - ih * IN_W;
  const float xv = x[at];
  float sum = 0.0f;
  // The windows that may contain the input end with the last one starting at or before it.
  const int lastH = (ih + PAD_T) / STRIDE_H;
  const int lastW = (iw + PAD_L) / STRIDE_W;
  for (int dh = SPAN_H - 1; dh >= 0; dh--) {
    const int oh = lastH - dh;
    for (int dw = SPAN_W - 1; dw >= 0; dw--) {
      const int ow = lastW - dw;
      if (!reaches(oh, ow, ih, iw)) {
        continue;
      }
      const int out = plane * OUT_PLANE + oh * OUT_W + ow;
      const float norm = y[out];
      if (norm != 0.0f) {
        sum += dy[out] * xv / norm;
      }
    }
  }
  dx[at] = sum;
}
