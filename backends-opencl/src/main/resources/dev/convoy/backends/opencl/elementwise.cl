// The backend core's elementwise kernels and the per-channel bias and its gradient.
// No contraction into fused multiply-adds: every product and sum rounds as the reference backend's do.
#pragma OPENCL FP_CONTRACT OFF

// y = (beta * y) + (alpha * x): two rounded products, then their rounded sum.
__kernel void axpby(const float alpha, __global const float* x, const float beta, __global float* y, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float scaled = beta * y[i];
    const float added = alpha * x[i];
    y[i] = scaled + added;
  }
}

__kernel void scale(__global float* x, const float alpha, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    x[i] = x[i] * alpha;
  }
}

// out may be a or b: each work-item reads its values before it writes.
__kernel void multiply(__global const float* a, __global const float* b, __global float* out, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    out[i] = a[i] * b[i];
  }
}

// y[n, c, ...] += bias[c]; inner is the number of values per channel and item.
__kernel void add_channel_bias(__global float* y, __global const float* bias, const int channels, const int inner,
    const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    y[i] = y[i] + bias[(i / inner) % channels];
  }
}

// Stage one of dBias[c] += sum of dy over the batch and positions of channel c. Each work-group
// sums one slice (a fixed range of the channel's items * inner values) in a fixed order: every
// lane a fixed stride of values, then the lanes as a tree. The order depends only on the shape
// and REDUCE_GROUP, so results are the same run to run.
__kernel __attribute__((reqd_work_group_size(REDUCE_GROUP, 1, 1)))
void channel_partial_sums(__global const float* dy, __global float* partial, const int items, const int channels,
    const int inner, const int slice, const int slices) {
  __local float lanes[REDUCE_GROUP];
  const int lane = get_local_id(0);
  const int group = get_group_id(0);
  const int c = group / slices;
  const int start = (group % slices) * slice;
  const int end = min(start + slice, items * inner);
  float sum = 0.0f;
  for (int j = start + lane; j < end; j += REDUCE_GROUP) {
    const int item = j / inner;
    sum += dy[(item * channels + c) * inner + (j - item * inner)];
  }
  lanes[lane] = sum;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int width = REDUCE_GROUP / 2; width > 0; width >>= 1) {
    if (lane < width) {
      lanes[lane] += lanes[lane + width];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lane == 0) {
    partial[group] = lanes[0];
  }
}

// Stage two: each channel's slices in order, added to dBias.
__kernel void channel_sum_partials(__global const float* partial, __global float* dBias, const int slices,
    const int channels) {
  const int c = get_global_id(0);
  if (c < channels) {
    float total = 0.0f;
    for (int s = 0; s < slices; s++) {
      total += partial[c * slices + s];
    }
    dBias[c] = dBias[c] + total;
  }
}
