// The optimizers' update arithmetic, one work-item per value, rounded step by step as the
// reference backend's float loops round it (the optimizers' golden values depend on that).
#pragma OPENCL FP_CONTRACT OFF

// velocity = (momentum * velocity) + (1 * gradient), then value = value + (step * velocity): axpby then axpy.
__kernel void momentum_step(const float step, const float momentum, __global const float* gradient,
    __global float* velocity, __global float* value, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float decayed = momentum * velocity[i];
    const float updated = decayed + gradient[i];
    velocity[i] = updated;
    const float moved = step * updated;
    value[i] = value[i] + moved;
  }
}

// acc = (decay * acc) + (weight * (x * x)).
__kernel void accumulate_squares(const float decay, const float weight, __global const float* x,
    __global float* acc, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float v = x[i];
    const float square = v * v;
    const float decayed = decay * acc[i];
    const float added = weight * square;
    acc[i] = decayed + added;
  }
}

// y = y + alpha * (numerator / ((sqrtScale * sqrt(squares)) + epsilon)). The build asks for a
// correctly rounded sqrt and division where the device has them, as Java's.
__kernel void add_quotient_by_sqrt(const float alpha, __global const float* numerator,
    __global const float* squares, const float sqrt_scale, const float epsilon, __global float* y, const int n) {
  const int i = get_global_id(0);
  if (i < n) {
    const float root = sqrt(squares[i]);
    const float scaled = sqrt_scale * root;
    const float quotient = numerator[i] / (scaled + epsilon);
    const float step = alpha * quotient;
    y[i] = y[i] + step;
  }
}
