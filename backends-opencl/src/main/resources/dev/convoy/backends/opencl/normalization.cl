// Batch normalization and local response normalization over volumes viewed as [items, channels, inner].
// In double where the device has it, in the reference backend's order of operations, so results
// round as the reference's do; else in float. Per-channel sums are fixed-order reductions: one
// work-group of REDUCE_GROUP lanes per channel, every lane a fixed stride of the channel's values,
// then the lanes as a tree, so results are the same run to run.
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

// The flat index of the j-th value of channel c: item j / inner, position j % inner.
inline int channel_value(const int j, const int c, const int channels, const int inner) {
  const int item = j / inner;
  return (item * channels + c) * inner + (j - item * inner);
}

// The sum of every lane's value, for every lane; lanes is reused after a barrier.
inline real lane_sum(__local real* lanes, const int lane, const real value) {
  lanes[lane] = value;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int width = REDUCE_GROUP / 2; width > 0; width >>= 1) {
    if (lane < width) {
      lanes[lane] += lanes[lane + width];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  const real sum = lanes[0];
  barrier(CLK_LOCAL_MEM_FENCE);
  return sum;
}

// 1 / sqrt(variance + epsilon) as the reference computes it.
inline real inverse_std(const float variance, const float epsilon) {
  return (real) 1 / sqrt((real) variance + epsilon);
}

// One work-group per channel: the mean, then the biased variance around it (two passes, as the reference).
__kernel __attribute__((reqd_work_group_size(REDUCE_GROUP, 1, 1)))
void channel_mean_variance(__global const float* x, __global float* mean, __global float* variance,
    const int channels, const int inner, const int per_channel) {
  __local real lanes[REDUCE_GROUP];
  const int lane = get_local_id(0);
  const int c = get_group_id(0);
  real sum = 0;
  for (int j = lane; j < per_channel; j += REDUCE_GROUP) {
    sum += x[channel_value(j, c, channels, inner)];
  }
  const real mu = lane_sum(lanes, lane, sum) / per_channel;
  real squares = 0;
  for (int j = lane; j < per_channel; j += REDUCE_GROUP) {
    const real d = x[channel_value(j, c, channels, inner)] - mu;
    squares += d * d;
  }
  const real total = lane_sum(lanes, lane, squares);
  if (lane == 0) {
    mean[c] = (float) mu;
    variance[c] = (float) (total / per_channel);
  }
}

// y = gamma * (x - mean) (in float, as the reference) * inverse_std + beta. Work-item (p, row) computes
// position p of row `row` = item * channels + channel, so the channel is the same along a work-group.
__kernel void batch_norm_forward(__global const float* x, __global const float* gamma, __global const float* beta,
    __global const float* mean, __global const float* variance, const float epsilon, __global float* y,
    const int channels, const int inner) {
  const int p = get_global_id(0);
  const int row = get_global_id(1);
  if (p < inner) {
    const int c = row % channels;
    const int i = row * inner + p;
    const float centred = gamma[c] * (x[i] - mean[c]);
    y[i] = (float) (centred * inverse_std(variance[c], epsilon) + beta[c]);
  }
}

// One work-group per channel: sum(dy) and sum(dy * xhat) into sums[2c] and sums[2c + 1], and added
// to dBeta and dGamma.
__kernel __attribute__((reqd_work_group_size(REDUCE_GROUP, 1, 1)))
void batch_norm_backward_sums(__global const float* x, __global const float* dy, __global const float* mean,
    __global const float* variance, const float epsilon, __global real* sums, __global float* d_gamma,
    __global float* d_beta, const int channels, const int inner, const int per_channel) {
  __local real lanes[REDUCE_GROUP];
  const int lane = get_local_id(0);
  const int c = get_group_id(0);
  const float mu = mean[c];
  const real inv_std = inverse_std(variance[c], epsilon);
  real sum_dy = 0;
  real sum_dy_xhat = 0;
  for (int j = lane; j < per_channel; j += REDUCE_GROUP) {
    const int at = channel_value(j, c, channels, inner);
    const float d = dy[at];
    sum_dy += d;
    const float product = d * (x[at] - mu);
    sum_dy_xhat += product * inv_std;
  }
  sum_dy = lane_sum(lanes, lane, sum_dy);
  sum_dy_xhat = lane_sum(lanes, lane, sum_dy_xhat);
  if (lane == 0) {
    sums[2 * c] = sum_dy;
    sums[2 * c + 1] = sum_dy_xhat;
    d_gamma[c] = (float) (d_gamma[c] + sum_dy_xhat);
    d_beta[c] = (float) (d_beta[c] + sum_dy);
  }
}

// dx from the sums; work-item (p, row) as in batch_norm_forward. It reads x and dy before writing, so dx
// may be either. With batch statistics:
// gamma * inv_std / m * (m * dy - sum(dy) - (x - mean) * inv_std * sum(dy * xhat)); with constant ones: gamma * inv_std * dy.
__kernel void batch_norm_backward_dx(__global const float* x, __global const float* dy, __global const float* gamma,
    __global const float* mean, __global const float* variance, const float epsilon, __global const real* sums,
    const int batch_statistics, __global float* dx, const int channels, const int inner, const int per_channel) {
  const int p = get_global_id(0);
  const int row = get_global_id(1);
  if (p < inner) {
    const int c = row % channels;
    const int i = row * inner + p;
    const real inv_std = inverse_std(variance[c], epsilon);
    const real scale = gamma[c] * inv_std;
    const float d = dy[i];
    if (batch_statistics) {
      const real m = per_channel;
      const float centred = x[i] - mean[c];
      const real correction = centred * inv_std * sums[2 * c + 1];
      dx[i] = (float) (scale / m * (m * d - sums[2 * c] - correction));
    } else {
      dx[i] = (float) (scale * d);
    }
  }
}

// x^y for the positive x of LRN, as exp(y log x): PoCL's pow is three to four times slower, and in
// double the two agree far below float's rounding.
inline real positive_power(const real x, const real y) {
  return exp(log(x) * y);
}

// k + alpha / size * the sum of squares over channel c's window, c - size/2 .. c + (size-1)/2 clipped;
// column points at channel 0 of the value's item and position.
inline real lrn_scale(__global const float* column, const int c, const int channels, const int inner, const int size,
    const float alpha, const float k) {
  real squares = 0;
  const int last = min(channels - 1, c + (size - 1) / 2);
  for (int i = max(0, c - size / 2); i <= last; i++) {
    const real v = column[i * inner];
    squares += v * v;
  }
  return k + (real) alpha / size * squares;
}

// Channel 0 of value i's item and position.
inline int lrn_column(const int i, const int channels, const int inner) {
  return (i / inner / channels) * channels * inner + i % inner;
}

// y = x * scale^-beta, one work-item per value; x and y are different buffers (the host sees to it).
__kernel void lrn_forward(__global const float* x, const int size, const float alpha, const float beta,
    const float k, __global float* y, const int channels, const int inner, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const int c = (i / inner) % channels;
    const real scale = lrn_scale(x + lrn_column(i, channels, inner), c, channels, inner, size, alpha, k);
    y[i] = (float) (x[i] * positive_power(scale, -beta));
  }
}

// Step one of LRN's backward, one work-item per value i: power[i] = s_i^-beta and
// weighted[i] = dy_i * x_i * s_i^(-beta-1) (as s_i^-beta / s_i), with s_i the forward's scale.
__kernel void lrn_backward_terms(__global const float* x, __global const float* dy, const int size,
    const float alpha, const float beta, const float k, __global real* power, __global real* weighted,
    const int channels, const int inner, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const int c = (i / inner) % channels;
    const real scale = lrn_scale(x + lrn_column(i, channels, inner), c, channels, inner, size, alpha, k);
    const real p = positive_power(scale, -beta);
    const float product = dy[i] * x[i];
    power[i] = p;
    weighted[i] = product * (p / scale);
  }
}

// Step two, one work-item per value j: dx_j = dy_j * s_j^-beta - 2 alpha beta / size * x_j * the sum of
// weighted over the channels i whose window holds j. It reads only value j of x and dy, so dx may be either.
__kernel void lrn_backward_dx(__global const float* x, __global const float* dy, __global const real* power,
    __global const real* weighted, const int size, const float alpha, const float beta, __global float* dx,
    const int channels, const int inner, const int n) {
  const int at = get_global_id(0);
  if (at < n) {
    const int j = (at / inner) % channels;
    const int column = lrn_column(at, channels, inner);
    real sum = 0;
    const int last = min(channels - 1, j + size / 2);
    for (int i = max(0, j - (size - 1) / 2); i <= last; i++) {
      sum += weighted[column + i * inner];
    }
    dx[at] = (float) (dy[at] * power[at] - (real) 2 * alpha * beta / size * x[at] * sum);
  }
}
