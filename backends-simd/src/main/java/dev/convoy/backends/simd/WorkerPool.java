package dev.convoy.backends.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per core but one (the caller is the last), running the independent tasks of
 * one kernel call. Tasks are handed out one by one from a counter, and the caller waits for the
 * tasks, not for the threads, so a thread slowed down by another process simply takes fewer.
 *
 * <p>Hand-offs spin before they sleep, as OpenMP runtimes do: a worker watches for the next job for
 * {@link #SPIN_NANOS} after finishing one, and the caller watches for the last task to finish,
 * before either parks. A GEMM hands work over a few times per call, and on a shared machine a
 * thread that parks gives its core away and waits to get it back. Tasks never wait for other tasks.
 * One job runs at a time; a caller that finds the pool busy (another thread's kernel) runs its
 * tasks itself.
 */
final class WorkerPool implements AutoCloseable {
  /** How long an idle worker or a waiting caller spins before it parks. */
  private static final long SPIN_NANOS = 200_000;

  /** One task of a {@link #forEach} call. */
  @FunctionalInterface
  interface Task {
    void run(int index);
  }

  /** One {@link #forEach} call, as every thread that helps with it sees it. */
  private static final class Job {
    final int count;
    final Task task;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    volatile Throwable failure;
    volatile boolean callerParked;

    Job(int count, Task task, Thread caller) {
      this.count = count;
      this.task = task;
      this.caller = caller;
    }

    /** Runs tasks until none are left; after a failure the rest are only counted. */
    void drain() {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        if (failure == null) {
          try {
            task.run(i);
          } catch (Throwable t) {
            failure = t;
          }
        }
        if (completed.incrementAndGet() == count && callerParked) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  private final int threads;
  private final Thread[] workers;
  private final AtomicIntegerArray parked;
  private final AtomicInteger busy = new AtomicInteger();
  private volatile Job job;
  private volatile boolean closed;

  WorkerPool(int threads) {
    this.threads = Math.max(1, threads);
    this.workers = new Thread[this.threads - 1];
    this.parked = new AtomicIntegerArray(workers.length);
    for (int w = 0; w < workers.length; w++) {
      int id = w;
      workers[w] = new Thread(() -> work(id), "convoy-simd-" + (w + 1));
      workers[w].setDaemon(true);
      workers[w].start();
    }
  }

  /** How many tasks run at once, the caller included. */
  int threads() {
    return threads;
  }

  /** Runs {@code task} for every index in {@code [0, count)} across the pool and waits for all of them. */
  void forEach(int count, Task task) {
    if (count <= 1 || workers.length == 0 || closed || !busy.compareAndSet(0, 1)) {
      for (int i = 0; i < count; i++) {
        task.run(i);
      }
      return;
    }
    try {
      Job j = new Job(count, task, Thread.currentThread());
      job = j;
      for (int w = 0; w < workers.length; w++) {
        if (parked.get(w) == 1) {
          LockSupport.unpark(workers[w]);
        }
      }
      j.drain();
      awaitTasks(j);
      job = null;
      Throwable t = j.failure;
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
    } finally {
      busy.set(0);
    }
  }

  /** Spins, then parks, until every task of {@code j} has finished (they write into the caller's arrays). */
  private static void awaitTasks(Job j) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (j.completed.get() < j.count) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        j.callerParked = true;
        if (j.completed.get() < j.count) {
          LockSupport.parkNanos(j, 1_000_000); // bounded: a late unpark costs a millisecond at most
        }
      }
    }
  }

  /** A worker: helps with each new job, spins a while for the next one, then parks until woken. */
  private void work(int id) {
    Job done = null;
    while (!closed) {
      Job seen = job;
      if (seen != null && seen != done) {
        done = seen;
        seen.drain();
        continue;
      }
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (job == seen && !closed && System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      }
      if (job == seen && !closed) {
        parked.set(id, 1);
        if (job == seen && !closed) { // the caller reads parked after it writes job: one of us sees the other
          LockSupport.park(this);
        }
        parked.set(id, 0);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
