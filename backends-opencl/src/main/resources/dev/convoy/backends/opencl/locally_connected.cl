// A convolution without parameter sharing: every output position p = oh*outW + ow has its own K
// filters, w [outH*outW, K, C*kh*kw] with taps in im2col row order r = (ch*kh + i)*kw + j; one group.
// Each work-item computes one value of its output in a fixed order, in double where the device
// has it (as the reference sums), so results are the same run to run.
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

// The geometry, in the order every kernel takes it.
#define GEOMETRY const int n, const int c, const int h, const int w, const int k, const int kh, const int kw, \
    const int stride_h, const int stride_w, const int pad_top, const int pad_left, const int dilation_h, \
    const int dilation_w, const int out_h, const int out_w

// Where tap r of output position p of image b reads the input: a flat index, or -1 in the padding.
inline int tap_input(const int b, const int p, const int r, GEOMETRY) {
  const int oh = p / out_w;
  const int ow = p - oh * out_w;
  const int ch = r / (kh * kw);
  const int i = r / kw % kh;
  const int j = r % kw;
  const int ih = oh * stride_h - pad_top + i * dilation_h;
  const int iw = ow * stride_w - pad_left + j * dilation_w;
  return ih < 0 || ih >= h || iw < 0 || iw >= w ? -1 : ((b * c + ch) * h + ih) * w + iw;
}

// y[b, f, p] = sum over taps r of wt[p, f, r] * x at tap r of p; one work-item per output value.
__kernel void lc_forward(__global const float* x, __global const float* wt, __global float* y, GEOMETRY) {
  const int at = get_global_id(0);
  const int positions = out_h * out_w;
  if (at < n * k * positions) {
    const int p = at % positions;
    const int f = at / positions % k;
    const int b = at / positions / k;
    const int taps = c * kh * kw;
    __global const float* row = wt + (p * k + f) * taps;
    real sum = 0;
    for (int r = 0; r < taps; r++) {
      const int from = tap_input(b, p, r, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_top, pad_left, dilation_h,
          dilation_w, out_h, out_w);
      if (from >= 0) {
        sum += (real) row[r] * x[from];
      }
    }
    y[at] = (float) sum;
  }
}

// dx at (b, ch, ih, iw) gathers wt[p, f, r] * dy[b, f, p] over every position p and filter f whose
// tap r reads it; one work-item per input value.
__kernel void lc_backward_data(__global const float* dy, __global const float* wt, __global float* dx, GEOMETRY) {
  const int at = get_global_id(0);
  if (at < n * c * h * w) {
    const int iw = at % w;
    const int ih = at / w % h;
    const int ch = at / w / h % c;
    const int b = at / w / h / c;
    const int positions = out_h * out_w;
    const int taps = c * kh * kw;
    real sum = 0;
    for (int i = 0; i < kh; i++) {
      const int oh_scaled = ih + pad_top - i * dilation_h;
      if (oh_scaled < 0 || oh_scaled % stride_h != 0 || oh_scaled / stride_h >= out_h) {
        continue;
      }
      for (int j = 0; j < kw; j++) {
        const int ow_scaled = iw + pad_left - j * dilation_w;
        if (ow_scaled < 0 || ow_scaled % stride_w != 0 || ow_scaled / stride_w >= out_w) {
          continue;
        }
        const int p = oh_scaled / stride_h * out_w + ow_scaled / stride_w;
        const int r = (ch * kh + i) * kw + j;
        for (int f = 0; f < k; f++) {
          sum += (real) wt[(p * k + f) * taps + r] * dy[(b * k + f) * positions + p];
        }
      }
    }
    dx[at] = (float) sum;
  }
}

// dw[p, f, r] += sum over images b of dy[b, f, p] * x at tap r of p; one work-item per weight.
__kernel void lc_weight_gradient(__global const float* x, __global const float* dy, __global float* dw, GEOMETRY) {
  const int at = get_global_id(0);
  const int positions = out_h * out_w;
  const int taps = c * kh * kw;
  if (at < positions * k * taps) {
    const int r = at % taps;
    const int f = at / taps % k;
    const int p = at / taps / k;
    real sum = 0;
    for (int b = 0; b < n; b++) {
      const int from = tap_input(b, p, r, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_top, pad_left, dilation_h,
          dilation_w, out_h, out_w);
      if (from >= 0) {
        sum += (real) dy[(b * k + f) * positions + p] * x[from];
      }
    }
    dw[at] = (float) (dw[at] + sum);
  }
}
