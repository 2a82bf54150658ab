package dev.convoy.api;

import java.util.Arrays;

/**
 * The dimensions of a {@link Volume}, outermost first. Image volumes are rank 4 in NCHW order
 * (batch, depth, height, width), as in PyTorch, ONNX and Caffe; class scores are rank 2
 * {@code [N, K]}; labels are rank 1 {@code [N]}. Immutable; equal when the dimensions are equal.
 */
public final class Shape {
  private final int[] dims;
  private final long size;

  private Shape(int[] dims) {
    long product = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new ShapeException("negative dimension in " + Arrays.toString(dims));
      }
      product = Math.multiplyExact(product, d);
    }
    this.dims = dims;
    this.size = product;
  }

  /** A shape with the given dimensions; each must be {@code >= 0}. */
  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /** A rank-4 image-batch shape in NCHW order. */
  public static Shape nchw(int n, int c, int h, int w) {
    return new Shape(new int[] {n, c, h, w});
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int axis) {
    return dims[axis];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of values; fits an {@code int} for every volume a backend can allocate. */
  public long size() {
    return size;
  }

  /** The size as an int, or a {@link ShapeException} when it is too large for one array. */
  public int intSize() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new ShapeException("volume " + this + " holds " + size + " values, more than one array can");
    }
    return (int) size;
  }

  /** Values per batch item: the product of every dimension but the first. */
  public int sizePerItem() {
    return rank() == 0 ? 1 : (int) (size / Math.max(1, dims[0]));
  }

  /** Rows of the matrix view {@link Backend#gemm} takes: dimension 0 (1 for a rank-0 shape). */
  public int matrixRows() {
    return rank() == 0 ? 1 : dims[0];
  }

  /** Columns of that matrix view: the product of every dimension after the first (also for a batch of 0). */
  public int matrixColumns() {
    int product = 1;
    for (int axis = 1; axis < dims.length; axis++) {
      product *= dims[axis];
    }
    return product;
  }

  /** Batch size N (the first dimension). */
  public int n() {
    return dims[0];
  }

  /** Depth (channels) C of an NCHW shape. */
  public int c() {
    return dims[1];
  }

  /** Height H of an NCHW shape. */
  public int h() {
    return dims[2];
  }

  /** Width W of an NCHW shape. */
  public int w() {
    return dims[3];
  }

  /** This shape with the first dimension replaced, e.g. to change the batch size. */
  public Shape withBatch(int n) {
    int[] copy = dims.clone();
    copy[0] = n;
    return new Shape(copy);
  }

  /** The notes' form for one item: {@code 224x224x64} (W x H x D) for NCHW, {@code 1x1x10} for [N, K]. */
  public String toNotesString() {
    return switch (rank()) {
      case 4 -> w() + "x" + h() + "x" + c();
      case 3 -> dims[2] + "x" + dims[1] + "x" + dims[0];
      case 2 -> "1x1x" + dims[1];
      default -> toString();
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [2, 3, 32, 32]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
