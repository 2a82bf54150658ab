// Convolution as implicit GEMM: each pass is a tiled matrix product whose operands are read
// straight from the volumes through index arithmetic, so no im2col matrix is ever stored.
//
//   forward          y[img, g*KG+f, pos]  = sum over taps t = (ch, ki, kj) of w[g*KG+f, t] * patch(img, pos, t)
//                    M = KG filters, N = batch * OUT_PLANE output columns, reduction FWD_K = CG*K_H*K_W taps
//   backward data    dx[img, g*CG+ch, pos] = sum over (f, ki, kj) of w[g*KG+f, ch, ki, kj] * dy at the output
//                    that tap (ki, kj) of input position pos feeds: a gather, so each dx value is written
//                    once (no atomics, no col2im scatter). M = CG, N = batch * IN_PLANE, reduction KG*K_H*K_W
//   filter gradient  dw[g*KG+f, t] += sum over output columns (img, pos) of dy[img, g*KG+f, pos] * patch(img, pos, t)
//                    M = KG, N = FWD_K taps, reduction batch * OUT_PLANE, cut into slices that
//                    conv_sum_slices adds in order (enough work-groups to fill a device, still deterministic)
//
// A work-group computes a TM x TN tile of the product: RTM x RTN work-items of WPM x WPN values, stepping
// through the reduction in slabs of TK staged in local memory, as gemm.cl does. Work-group z is the group
// (and the slice). The geometry arrives as -D constants, so index arithmetic divides by constants; only
// the batch is an argument. Each value sums its reduction in one fixed order: results are the same run
// to run. FP_CONTRACT is off; the dot products use mad() as gemm.cl does.
#pragma OPENCL FP_CONTRACT OFF

#define CG (IN_C / GROUPS)
#define KG (FILTERS / GROUPS)
#define TAPS (K_H * K_W)
#define FWD_K (CG * TAPS)
#define BWD_K (KG * TAPS)
#define IN_PLANE (IN_H * IN_W)
#define OUT_PLANE (OUT_H * OUT_W)
#define FILTER_SIZE (FILTERS * FWD_K)

#define TM (RTM * WPM)
#define TN (RTN * WPN)
// Tiles are padded by one so that work-items storing along the reduction hit different local-memory banks.
#define TMP (TM + 1)
#define TNP (TN + 1)
#define ITEMS (RTM * RTN)
// Tile columns each work-item stages operands for; their index arithmetic is done once per work-group.
#define COLS_PER_ITEM ((TN + ITEMS - 1) / ITEMS)

// Which values a work-item owns, and which operand values it stages into local memory (for the
// first operand A a range l of the flattened TM x TK tile, for the second B its columns c): on a GPU
// every RTM-th, RTN-th or ITEMS-th one, so that neighbouring work-items touch neighbouring
// addresses; with -DCONTIGUOUS (CPU devices, few work-items per group) blocks of neighbours, so that
// each work-item's loops read and write contiguous memory, which the compiler vectorizes.
// A is kept row by row on a CPU (its loads are contiguous along the reduction) and step by step,
// padded against bank conflicts, on a GPU.
#ifdef CONTIGUOUS
#define OWN_M(t, u) ((t) * WPM + (u))
#define OWN_N(t, v) ((t) * WPN + (v))
#define A_FIRST (lid * (TK * TM / ITEMS))
#define A_END ((lid + 1) * (TK * TM / ITEMS))
#define A_STEP 1
#define STAGED_COL(c) (lid * COLS_PER_ITEM + (c))
#define A_SIZE (TM * TK)
#define AS(p, i) as[(i) * TK + (p)]
#if (TK * TM) % ITEMS != 0
#error "each work-item stages an equal block of the filter tile: TK * TM must be a multiple of RTM * RTN"
#endif
#else
#define OWN_M(t, u) ((t) + (u) * RTM)
#define OWN_N(t, v) ((t) + (v) * RTN)
#define A_FIRST lid
#define A_END (TK * TM)
#define A_STEP ITEMS
#define STAGED_COL(c) (lid + (c) * ITEMS)
#define A_SIZE (TK * TMP)
#define AS(p, i) as[(p) * TMP + (i)]
#endif

// Activations the fused forward applies last (dev.convoy.api.kernels.Activation; OpenClConvolution numbers them).
#define ACT_NONE 0
#define ACT_RELU 1
#define ACT_LEAKY_RELU 2
#define ACT_CLIP 3
#define ACT_SIGMOID 4
#define ACT_TANH 5

inline void zero(float acc[WPM][WPN]) {
  for (int u = 0; u < WPM; u++) {
    for (int v = 0; v < WPN; v++) {
      acc[u][v] = 0.0f;
    }
  }
}

// acc += this work-item's share of as (TK x TM) times bs (TK x TN).
inline void multiply_slab(__local const float* as, __local const float* bs, float acc[WPM][WPN]) {
  const int tn = get_local_id(0);
  const int tm = get_local_id(1);
  for (int p = 0; p < TK; p++) {
    float bv[WPN];
    for (int v = 0; v < WPN; v++) {
      bv[v] = bs[p * TNP + OWN_N(tn, v)];
    }
    for (int u = 0; u < WPM; u++) {
      const float av = AS(p, OWN_M(tm, u));
      for (int v = 0; v < WPN; v++) {
        acc[u][v] = mad(av, bv[v], acc[u][v]);
      }
    }
  }
}

// As the reference's activation kernels: NaN passes through every activation, ReLU included.
inline float activate(const float v, const int kind, const float a, const float b) {
  switch (kind) {
    case ACT_RELU:
      return v <= 0.0f ? 0.0f : v;
    case ACT_LEAKY_RELU:
      return v > 0.0f ? v : a * v;
    case ACT_CLIP: {
      const float low = v < a ? a : v;
      return low > b ? b : low;
    }
    case ACT_SIGMOID:
      return 1.0f / (1.0f + exp(-v));
    case ACT_TANH:
      return tanh(v);
    default:
      return v;
  }
}

// y = activation(conv(x, w) + bias + residual), rounding after each step as the unfused kernels do;
// bias and residual are read only where their flags are set (else any buffer may stand in).
__kernel __attribute__((reqd_work_group_size(RTN, RTM, 1)))
void conv_forward(__global const float* x, __global const float* w, __global const float* bias, const int hasBias,
    __global const float* residual, const int hasResidual, const int activation, const float act0, const float act1,
    __global float* y, const int batch) {
  __local float as[A_SIZE];
  __local float bs[TK * TNP];
  const int lid = get_local_id(1) * RTN + get_local_id(0);
  const int g = get_group_id(2);
  const int m0 = get_group_id(1) * TM;
  const int n0 = get_group_id(0) * TN;
  const int columns = batch * OUT_PLANE;

  // Each staged column is one output position of one image: where its receptive field starts.
  int colBase[COLS_PER_ITEM];
  int colH[COLS_PER_ITEM];
  int colW[COLS_PER_ITEM];
  bool colOk[COLS_PER_ITEM];
  for (int c = 0; c < COLS_PER_ITEM; c++) {
    const int jj = STAGED_COL(c);
    const int j = n0 + jj;
    const int image = j / OUT_PLANE;
    const int pos = j - image * OUT_PLANE;
    const int oh = pos / OUT_W;
    const int ow = pos - oh * OUT_W;
    colH[c] = oh * STRIDE_H - PAD_T;
    colW[c] = ow * STRIDE_W - PAD_L;
    colBase[c] = (image * IN_C + g * CG) * IN_PLANE + colH[c] * IN_W + colW[c];
    colOk[c] = jj < TN && j < columns;
  }

  float acc[WPM][WPN];
  zero(acc);
  for (int p0 = 0; p0 < FWD_K; p0 += TK) {
    // The group's filters, row-major along the taps.
    for (int l = A_FIRST; l < A_END; l += A_STEP) {
      const int p = l % TK;
      const int i = l / TK;
      const int f = m0 + i;
      const int tap = p0 + p;
      AS(p, i) = f < KG && tap < FWD_K ? w[(g * KG + f) * FWD_K + tap] : 0.0f;
    }
    // Each tap of the slab: its channel and offset within a receptive field.
    int rowOff[TK];
    int rowH[TK];
    int rowW[TK];
    bool rowOk[TK];
    for (int p = 0; p < TK; p++) {
      const int tap = p0 + p;
      const int ch = tap / TAPS;
      const int r = tap - ch * TAPS;
      const int ki = r / K_W;
      const int kj = r - ki * K_W;
      rowH[p] = ki * DIL_H;
      rowW[p] = kj * DIL_W;
      rowOff[p] = ch * IN_PLANE + rowH[p] * IN_W + rowW[p];
      rowOk[p] = tap < FWD_K;
    }
    for (int p = 0; p < TK; p++) {
      for (int c = 0; c < COLS_PER_ITEM; c++) {
        const int jj = STAGED_COL(c);
        if (jj < TN) {
          const int ih = colH[c] + rowH[p];
          const int iw = colW[c] + rowW[p];
          const bool inside = colOk[c] && rowOk[p] && ih >= 0 && ih < IN_H && iw >= 0 && iw < IN_W;
          bs[p * TNP + jj] = inside ? x[colBase[c] + rowOff[p]] : 0.0f;
        }
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    multiply_slab(as, bs, acc);
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  const int tn = get_local_id(0);
  const int tm = get_local_id(1);
  for (int u = 0; u < WPM; u++) {
    const int f = m0 + OWN_M(tm, u);
    if (f < KG) {
      const int filter = g * KG + f;
      for (int v = 0; v < WPN; v++) {
        const int j = n0 + OWN_N(tn, v);
        if (j < columns) {
          const int image = j / OUT_PLANE;
          const int at = (image * FILTERS + filter) * OUT_PLANE + (j - image * OUT_PLANE);
          float value = acc[u][v];
          if (hasBias) {
            value = value + bias[filter];
          }
          if (hasResidual) {
            value = value + residual[at];
          }
          y[at] = activate(value, activation, act0, act1);
        }
      }
    }
  }
}

// dx = the gradient with respect to the input, overwritten: one value per (input channel, input column).
__kernel __attribute__((reqd_work_group_size(RTN, RTM, 1)))
void conv_backward_data(__global const float* dy, __global const float* w, __global float* dx, const int batch) {
  __local float as[A_SIZE];
  __local float bs[TK * TNP];
  const int lid = get_local_id(1) * RTN + get_local_id(0);
  const int g = get_group_id(2);
  const int m0 = get_group_id(1) * TM;
  const int n0 = get_group_id(0) * TN;
  const int columns = batch * IN_PLANE;

  // Each staged column is one input position of one image: its coordinates in the padded input.
  int colBase[COLS_PER_ITEM];
  int colH[COLS_PER_ITEM];
  int colW[COLS_PER_ITEM];
  bool colOk[COLS_PER_ITEM];
  for (int c = 0; c < COLS_PER_ITEM; c++) {
    const int jj = STAGED_COL(c);
    const int j = n0 + jj;
    const int image = j / IN_PLANE;
    const int pos = j - image * IN_PLANE;
    const int ih = pos / IN_W;
    colH[c] = ih + PAD_T;
    colW[c] = pos - ih * IN_W + PAD_L;
    colBase[c] = (image * FILTERS + g * KG) * OUT_PLANE;
    colOk[c] = jj < TN && j < columns;
  }

  float acc[WPM][WPN];
  zero(acc);
  for (int p0 = 0; p0 < BWD_K; p0 += TK) {
    // w seen as [CG, KG * TAPS] for group g: input channel ch, then (filter, tap).
    for (int l = A_FIRST; l < A_END; l += A_STEP) {
      const int p = l % TK;
      const int i = l / TK;
      const int ch = m0 + i;
      const int q = p0 + p;
      const int f = q / TAPS;
      AS(p, i) = ch < CG && q < BWD_K ? w[((g * KG + f) * CG + ch) * TAPS + (q - f * TAPS)] : 0.0f;
    }
    int rowOff[TK];
    int rowH[TK];
    int rowW[TK];
    bool rowOk[TK];
    for (int p = 0; p < TK; p++) {
      const int q = p0 + p;
      const int f = q / TAPS;
      const int r = q - f * TAPS;
      const int ki = r / K_W;
      rowOff[p] = f * OUT_PLANE;
      rowH[p] = ki * DIL_H;
      rowW[p] = (r - ki * K_W) * DIL_W;
      rowOk[p] = q < BWD_K;
    }
    for (int p = 0; p < TK; p++) {
      for (int c = 0; c < COLS_PER_ITEM; c++) {
        const int jj = STAGED_COL(c);
        if (jj < TN) {
          // Output (oh, ow) reads this input through tap (ki, kj) when oh * STRIDE_H == ih + PAD_T - ki * DIL_H.
          const int th = colH[c] - rowH[p];
          const int tw = colW[c] - rowW[p];
          const bool feeds = colOk[c] && rowOk[p] && th >= 0 && tw >= 0 && th % STRIDE_H == 0 && tw % STRIDE_W == 0
              && th < OUT_H * STRIDE_H && tw < OUT_W * STRIDE_W;
          bs[p * TNP + jj] = feeds ? dy[colBase[c] + rowOff[p] + (th / STRIDE_H) * OUT_W + tw / STRIDE_W] : 0.0f;
        }
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    multiply_slab(as, bs, acc);
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  const int tn = get_local_id(0);
  const int tm = get_local_id(1);
  for (int u = 0; u < WPM; u++) {
    const int ch = m0 + OWN_M(tm, u);
    if (ch < CG) {
      for (int v = 0; v < WPN; v++) {
        const int j = n0 + OWN_N(tn, v);
        if (j < columns) {
          const int image = j / IN_PLANE;
          dx[(image * IN_C + g * CG + ch) * IN_PLANE + (j - image * IN_PLANE)] = acc[u][v];
        }
      }
    }
  }
}

// The filter gradient over one slice of sliceLength output columns (a multiple of TK). With one slice it
// adds straight into dw (out); with more, it writes slice s's sums to out[s * FILTER_SIZE + ...] for
// conv_sum_slices.
__kernel __attribute__((reqd_work_group_size(RTN, RTM, 1)))
void conv_filter_gradient(__global const float* x, __global const float* dy, __global float* out, const int batch,
    const int sliceLength, const int slices) {
  __local float as[A_SIZE];
  __local float bs[TK * TNP];
  const int lid = get_local_id(1) * RTN + get_local_id(0);
  const int g = get_group_id(2) % GROUPS;
  const int slice = get_group_id(2) / GROUPS;
  const int m0 = get_group_id(1) * TM;
  const int n0 = get_group_id(0) * TN;
  const int k0 = slice * sliceLength;
  const int k1 = min(k0 + sliceLength, batch * OUT_PLANE);

  // Each staged column is one tap: its channel and offset within a receptive field.
  int colOff[COLS_PER_ITEM];
  int colH[COLS_PER_ITEM];
  int colW[COLS_PER_ITEM];
  bool colOk[COLS_PER_ITEM];
  for (int c = 0; c < COLS_PER_ITEM; c++) {
    const int jj = STAGED_COL(c);
    const int tap = n0 + jj;
    const int ch = tap / TAPS;
    const int r = tap - ch * TAPS;
    const int ki = r / K_W;
    colH[c] = ki * DIL_H;
    colW[c] = (r - ki * K_W) * DIL_W;
    colOff[c] = ch * IN_PLANE + colH[c] * IN_W + colW[c];
    colOk[c] = jj < TN && tap < FWD_K;
  }

  float acc[WPM][WPN];
  zero(acc);
  for (int p0 = k0; p0 < k1; p0 += TK) {
    // Each output column of the slab: where its receptive field starts, and its dy values.
    int rowBase[TK];
    int rowH[TK];
    int rowW[TK];
    int rowDy[TK];
    bool rowOk[TK];
    for (int p = 0; p < TK; p++) {
      const int j = p0 + p;
      const int image = j / OUT_PLANE;
      const int pos = j - image * OUT_PLANE;
      const int oh = pos / OUT_W;
      rowH[p] = oh * STRIDE_H - PAD_T;
      rowW[p] = (pos - oh * OUT_W) * STRIDE_W - PAD_L;
      rowBase[p] = (image * IN_C + g * CG) * IN_PLANE + rowH[p] * IN_W + rowW[p];
      rowDy[p] = (image * FILTERS + g * KG) * OUT_PLANE + pos;
      rowOk[p] = j < k1;
    }
    for (int l = A_FIRST; l < A_END; l += A_STEP) {
      const int p = l % TK;
      const int i = l / TK;
      const int f = m0 + i;
      AS(p, i) = f < KG && rowOk[p] ? dy[rowDy[p] + f * OUT_PLANE] : 0.0f;
    }
    for (int p = 0; p < TK; p++) {
      for (int c = 0; c < COLS_PER_ITEM; c++) {
        const int jj = STAGED_COL(c);
        if (jj < TN) {
          const int ih = rowH[p] + colH[c];
          const int iw = rowW[p] + colW[c];
          const bool inside = colOk[c] && rowOk[p] && ih >= 0 && ih < IN_H && iw >= 0 && iw < IN_W;
          bs[p * TNP + jj] = inside ? x[rowBase[p] + colOff[c]] : 0.0f;
        }
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    multiply_slab(as, bs, acc);
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  const int tn = get_local_id(0);
  const int tm = get_local_id(1);
  for (int u = 0; u < WPM; u++) {
    const int f = m0 + OWN_M(tm, u);
    if (f < KG) {
      for (int v = 0; v < WPN; v++) {
        const int tap = n0 + OWN_N(tn, v);
        if (tap < FWD_K) {
          const int at = (g * KG + f) * FWD_K + tap;
          if (slices == 1) {
            out[at] = out[at] + acc[u][v];
          } else {
            out[slice * FILTER_SIZE + at] = acc[u][v];
          }
        }
      }
    }
  }
}

// dw += the slices' sums, added in slice order.
__kernel void conv_sum_slices(__global const float* partial, __global float* dw, const int slices) {
  const int at = get_global_id(0);
  if (at < FILTER_SIZE) {
    float total = 0.0f;
    for (int s = 0; s < slices; s++) {
      total += partial[s * FILTER_SIZE + at];
    }
    dw[at] = dw[at] + total;
  }
}
