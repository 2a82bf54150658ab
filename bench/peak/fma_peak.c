// The machine's single-precision FMA peak: independent AVX-512 FMA chains, no memory traffic.
// Build: gcc -O2 -mavx512f -mfma -pthread fma_peak.c -o fma_peak ; run: ./fma_peak [threads] [iterations]
// Each iteration of the inner loop issues CHAINS independent 16-lane FMAs (2 FLOPs per lane), so
// with CHAINS >= latency x FMA ports the core never waits on a result.
// Prints two rates: by wall-clock time, and by each thread's own CPU time (summed over threads).
// The second is what the cores do while they run, so other processes on a shared machine, which
// take turns on the cores, do not lower it; on an idle machine the two agree.
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef CHAINS
#define CHAINS 24
#endif
#define ITERS 100000000L

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static float sink[64];
static double cpu_seconds[64];

static double thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct job {
  long iters;
  int id;
};

static void *run(void *arg) {
  struct job *job = arg;
  long iters = job->iters;
  double cpu0 = thread_cpu();
  __m512 acc[CHAINS];
  for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_set1_ps(1.0f + i * 1e-3f);
  __m512 a = _mm512_set1_ps(0.999999f);
  __m512 b = _mm512_set1_ps(1e-7f);
  for (long it = 0; it < iters; it++) {
#pragma GCC unroll 32
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  }
  __m512 s = acc[0];
  for (int i = 1; i < CHAINS; i++) s = _mm512_add_ps(s, acc[i]);
  _mm512_storeu_ps(sink, s);
  cpu_seconds[job->id] = thread_cpu() - cpu0;
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  long iters = argc > 2 ? atol(argv[2]) : ITERS;
  if (threads < 1 || threads > 64) threads = 1;
  pthread_t t[64];
  struct job jobs[64];
  struct job warm = {iters / 20, 0};
  run(&warm);  // warm up clocks
  double start = now();
  for (int i = 0; i < threads; i++) {
    jobs[i].iters = iters;
    jobs[i].id = i;
    pthread_create(&t[i], NULL, run, &jobs[i]);
  }
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  double seconds = now() - start;
  double per_thread_flops = (double)iters * CHAINS * 16 * 2;
  double flops = threads * per_thread_flops;
  double cpu_rate = 0;
  for (int i = 0; i < threads; i++) cpu_rate += per_thread_flops / cpu_seconds[i] / 1e9;
  printf("threads=%d chains=%d seconds=%.3f GFLOP/s=%.1f per-thread=%.1f cpu-time-GFLOP/s=%.1f (sink %g)\n", threads,
         CHAINS, seconds, flops / seconds / 1e9, flops / seconds / 1e9 / threads, cpu_rate, sink[0]);
  return 0;
}
