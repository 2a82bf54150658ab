// Softmax, the two losses and the prediction counts over scores viewed as [rows, classes], with
// labels [rows] holding class indices as floats. One work-item per row computes that row's values
// (its gradient written after everything it reads from the row, so d_scores may be scores); a
// single work-item then adds the rows up in order, so results are the same run to run.
// In double where the device has it, as the reference backend computes them; else in float.
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

// The row's label, or -1 when it is not a whole number in [0, classes) (NaN included).
inline int label_of(__global const float* labels, const int r, const int classes) {
  const float value = labels[r];
  return value >= 0.0f && value < (float) classes && value == floor(value) ? (int) value : -1;
}

// The row's maximum as Java's Math.max finds it: a NaN anywhere makes it NaN.
inline real row_max(__global const float* row, const int classes) {
  real max = -INFINITY;
  for (int j = 0; j < classes; j++) {
    const real v = row[j];
    if (isnan(v) || v > max) {
      max = v;
    }
  }
  return max;
}

// The row's sum of exp(s - max).
inline real row_exp_sum(__global const float* row, const int classes, const real max) {
  real sum = 0;
  for (int j = 0; j < classes; j++) {
    sum += exp((real) row[j] - max);
  }
  return sum;
}

__kernel void softmax_rows(__global const float* scores, __global float* probabilities, const int rows,
    const int classes) {
  const int r = get_global_id(0);
  if (r < rows) {
    __global const float* row = scores + r * classes;
    const real max = row_max(row, classes);
    const real sum = row_exp_sum(row, classes, max);
    for (int j = 0; j < classes; j++) {
      probabilities[r * classes + j] = (float) (exp((real) row[j] - max) / sum);
    }
  }
}

// Each row's -log p[label] (without forming the possibly underflowing probability), and when
// write_gradient is set the gradient of the mean, (p - onehot) / rows. An invalid label gives NaN.
__kernel void cross_entropy_rows(__global const float* scores, __global const float* labels,
    __global real* row_losses, __global float* d_scores, const int write_gradient, const int rows,
    const int classes) {
  const int r = get_global_id(0);
  if (r < rows) {
    __global const float* row = scores + r * classes;
    const int label = label_of(labels, r, classes);
    const real max = row_max(row, classes);
    const real sum = row_exp_sum(row, classes, max);
    row_losses[r] = label < 0 ? (real) NAN : log(sum) - ((real) row[label] - max);
    if (write_gradient) {
      for (int j = 0; j < classes; j++) {
        const real p = exp((real) row[j] - max) / sum;
        d_scores[r * classes + j] = (float) ((p - (j == label ? 1 : 0)) / rows);
      }
    }
  }
}

// Each row's sum over wrong classes j of max(0, s_j - s_label + margin), and when write_gradient is
// set its gradient of the mean: 1/rows for each wrong class with a positive term, and minus that
// many for the label (subtracted one at a time, as the reference does). An invalid label gives NaN.
__kernel void hinge_rows(__global const float* scores, __global const float* labels, const float margin,
    __global real* row_losses, __global float* d_scores, const int write_gradient, const int rows,
    const int classes) {
  const int r = get_global_id(0);
  if (r < rows) {
    __global const float* row = scores + r * classes;
    const int label = label_of(labels, r, classes);
    if (label < 0) {
      row_losses[r] = NAN;
      return;
    }
    const real correct = row[label];
    const real share = (real) 1 / rows;
    real total = 0;
    real label_gradient = 0;
    for (int j = 0; j < classes; j++) {
      const real term = (real) row[j] - correct + margin;
      if (j != label && term > 0) {
        total += term;
        label_gradient -= share;
      }
    }
    row_losses[r] = total;
    if (write_gradient) {
      for (int j = 0; j < classes; j++) {
        const real term = (real) row[j] - correct + margin;
        d_scores[r * classes + j] = j == label ? (float) label_gradient : term > 0 ? (float) share : 0.0f;
      }
    }
  }
}

// One work-item: the mean of the row losses, added in row order, into loss[0]; and into status the
// first row with an invalid label and that label (-1 and 0 when there is none), for the host's error.
__kernel void mean_of_rows(__global const real* row_losses, __global const float* labels, const int rows,
    const int classes, __global float* loss, __global float* status) {
  if (get_global_id(0) == 0) {
    real total = 0;
    int bad = -1;
    for (int r = 0; r < rows; r++) {
      total += row_losses[r];
      if (bad < 0 && label_of(labels, r, classes) < 0) {
        bad = r;
      }
    }
    loss[0] = (float) (total / rows);
    status[0] = (float) bad;
    status[1] = bad < 0 ? 0.0f : labels[bad];
  }
}

// The index of the row's first highest score, and of its first NaN if it has one (NaN wins, as in
// max pooling).
inline int row_argmax(__global const float* row, const int classes) {
  int best = 0;
  float best_value = row[0];
  for (int j = 1; j < classes && !isnan(best_value); j++) {
    const float v = row[j];
    if (v > best_value || isnan(v)) {
      best = j;
      best_value = v;
    }
  }
  return best;
}

__kernel void argmax_rows(__global const float* scores, __global float* indices, const int rows,
    const int classes) {
  const int r = get_global_id(0);
  if (r < rows) {
    indices[r] = (float) row_argmax(scores + r * classes, classes);
  }
}

// 1 where the row's argmax is its label, else 0 (an invalid label is never right).
__kernel void correct_rows(__global const float* scores, __global const float* labels, __global int* right,
    const int rows, const int classes) {
  const int r = get_global_id(0);
  if (r < rows) {
    right[r] = row_argmax(scores + r * classes, classes) == label_of(labels, r, classes) ? 1 : 0;
  }
}

// One work-item: correct[0] += the number of right rows.
__kernel void add_correct(__global const int* right, const int rows, __global float* correct) {
  if (get_global_id(0) == 0) {
    int count = 0;
    for (int r = 0; r < rows; r++) {
      count += right[r];
    }
    correct[0] = correct[0] + (float) count;
  }
}
