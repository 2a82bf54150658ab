// C = alpha * op(A) * op(B) + beta * C on row-major matrices, op being the identity or the transpose.
// Tiled: a work-group of RTS x RTS work-items computes a TS x TS tile of C (TS = RTS * WPT), each
// work-item WPT x WPT values of it, stepping through K in slabs of TK staged in local memory.
// Ragged edges load zeros and store nothing outside C. With beta == 0 the old C is never read.
//
// Which values a work-item owns: on a GPU every RTS-th row and column (neighbouring work-items read
// neighbouring local memory); with -DCONTIGUOUS (CPU devices, few work-items per group) a block of
// WPT neighbours, which the compiler vectorizes along a row.
//
// FP_CONTRACT is off as in every source; the dot products use mad(), which lets the device use
// its fused multiply-add where it has one (the reference sums in double, so no float order matches
// it bit for bit; results agree to float rounding, and are the same run to run on one device).
#pragma OPENCL FP_CONTRACT OFF

#define TS (RTS * WPT)
#ifdef CONTIGUOUS
#define OWNED(t, w) ((t) * WPT + (w))
#else
#define OWNED(t, w) ((t) + (w) * RTS)
#endif
// Tiles are padded by one column so that work-items storing along K hit different local-memory banks.
#define TSP (TS + 1)

inline float a_at(__global const float* a, const int lda, const bool ta, const int m, const int k, const int i,
    const int p) {
  return (i < m && p < k) ? (ta ? a[p * lda + i] : a[i * lda + p]) : 0.0f;
}

inline float b_at(__global const float* b, const int ldb, const bool tb, const int k, const int n, const int p,
    const int j) {
  return (p < k && j < n) ? (tb ? b[j * ldb + p] : b[p * ldb + j]) : 0.0f;
}

inline void gemm_tile(const bool ta, const bool tb, const int m, const int n, const int k, const float alpha,
    __global const float* a, const int lda, __global const float* b, const int ldb, const float beta,
    __global float* c, __local float* as, __local float* bs) {
  const int tx = get_local_id(0);
  const int ty = get_local_id(1);
  const int lid = ty * RTS + tx;
  const int col0 = get_group_id(0) * TS;
  const int row0 = get_group_id(1) * TS;
  float acc[WPT][WPT];
  for (int wm = 0; wm < WPT; wm++) {
    for (int wn = 0; wn < WPT; wn++) {
      acc[wm][wn] = 0.0f;
    }
  }
  for (int p0 = 0; p0 < k; p0 += TK) {
    // Neighbouring work-items load neighbouring addresses: along K for a row-major A, along M for its transpose.
    for (int l = lid; l < TK * TS; l += RTS * RTS) {
      const int ap = ta ? l / TS : l % TK;
      const int ai = ta ? l % TS : l / TK;
      as[ap * TSP + ai] = a_at(a, lda, ta, m, k, row0 + ai, p0 + ap);
      const int bp = tb ? l % TK : l / TS;
      const int bj = tb ? l / TK : l % TS;
      bs[bp * TSP + bj] = b_at(b, ldb, tb, k, n, p0 + bp, col0 + bj);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int p = 0; p < TK; p++) {
      float bv[WPT];
      for (int wn = 0; wn < WPT; wn++) {
        bv[wn] = bs[p * TSP + OWNED(tx, wn)];
      }
      for (int wm = 0; wm < WPT; wm++) {
        const float av = as[p * TSP + OWNED(ty, wm)];
        for (int wn = 0; wn < WPT; wn++) {
          acc[wm][wn] = mad(av, bv[wn], acc[wm][wn]);
        }
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  for (int wm = 0; wm < WPT; wm++) {
    const int row = row0 + OWNED(ty, wm);
    for (int wn = 0; wn < WPT; wn++) {
      const int col = col0 + OWNED(tx, wn);
      if (row < m && col < n) {
        const float product = alpha * acc[wm][wn];
        c[row * n + col] = beta == 0.0f ? product : product + beta * c[row * n + col];
      }
    }
  }
}

// One kernel per transpose case, so that each compiles without the branches of the others.
#define GEMM_KERNEL(NAME, TA, TB) \
  __kernel __attribute__((reqd_work_group_size(RTS, RTS, 1))) \
  void NAME(const int m, const int n, const int k, const float alpha, __global const float* a, const int lda, \
      __global const float* b, const int ldb, const float beta, __global float* c) { \
    __local float as[TK * TSP]; \
    __local float bs[TK * TSP]; \
    gemm_tile(TA, TB, m, n, k, alpha, a, lda, b, ldb, beta, c, as, bs); \
  }

GEMM_KERNEL(gemm_nn, false, false)
GEMM_KERNEL(gemm_nt, false, true)
GEMM_KERNEL(gemm_tn, true, false)
GEMM_KERNEL(gemm_tt, true, true)
