// Moving values between layouts: channel copies (concatenation and its backward) and axis
// permutations. Values are only moved, never computed, so results are exact.
#pragma OPENCL FP_CONTRACT OFF

// Channels [src_first, src_first + block / inner) of every item of src, viewed as [items, src_channels, inner],
// into channels from dst_first of dst, viewed as [items, dst_channels, inner]: work-item (v, item) moves
// value v of the item's block (its channels * inner values, contiguous in both).
__kernel void copy_channels(__global const float* src, const int src_channels, const int src_first,
    __global float* dst, const int dst_channels, const int dst_first, const int inner, const int block) {
  const int within = get_global_id(0);
  const int item = get_global_id(1);
  if (within < block) {
    dst[(item * dst_channels + dst_first) * inner + within] = src[(item * src_channels + src_first) * inner + within];
  }
}

// y = x permuted: work-item (last, row) moves value last of row `row` of y (y seen as rows of its last
// axis), from x at the sum over y's axes of index * step, the row's index taken apart axis by axis.
// dK is y's dimension K and sK the step in x for one step along it; axes from rank on are unused.
__kernel void transpose(__global const float* x, __global float* y, const int rank,
    const int d0, const int d1, const int d2, const int d3, const int d4, const int d5, const int d6, const int d7,
    const int s0, const int s1, const int s2, const int s3, const int s4, const int s5, const int s6,
    const int s7) {
  const int dims[8] = {d0, d1, d2, d3, d4, d5, d6, d7};
  const int steps[8] = {s0, s1, s2, s3, s4, s5, s6, s7};
  const int last = get_global_id(0);
  const int row = get_global_id(1);
  if (last < dims[rank - 1]) {
    int rest = row;
    int from = last * steps[rank - 1];
    for (int axis = rank - 2; axis >= 0; axis--) {
      const int outer = rest / dims[axis];
      from += (rest - outer * dims[axis]) * steps[axis];
      rest = outer;
    }
    y[row * dims[rank - 1] + last] = x[from];
  }
}
