package dev.convoy.api;

/** The pooling functions of the notes: max (with switches for backward), average and L2-norm. */
public enum PoolKind {
  MAX,
  AVERAGE,
  /** {@code sqrt(sum of squares)} over the window. */
  L2
}
