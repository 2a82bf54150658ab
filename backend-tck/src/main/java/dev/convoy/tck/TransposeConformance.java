package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LayoutKernels#transpose}: axis permutations of ranks 0 to 5 against the definition
 * (exact: a transpose only moves values), undone by the inverse permutation, bad permutations
 * rejected, and the oracle.
 */
abstract class TransposeConformance extends ConformanceCase {

  /** A shape and a permutation of its axes. */
  private record Case(Shape shape, int[] perm) {
    @Override
    public String toString() {
      return "transpose of " + shape + " by " + Arrays.toString(perm);
    }

    Shape permuted() {
      int[] dims = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        dims[i] = shape.dim(perm[i]);
      }
      return Shape.of(dims);
    }
  }

  private static final List<Case> CASES = List.of(
      new Case(Shape.of(), new int[] {}),
      new Case(Shape.of(5), new int[] {0}),
      new Case(Shape.of(3, 4), new int[] {1, 0}),
      new Case(Shape.of(2, 3, 4), new int[] {0, 1, 2}),
      new Case(Shape.of(2, 3, 4), new int[] {2, 0, 1}),
      new Case(Shape.nchw(2, 3, 4, 5), new int[] {0, 2, 3, 1}),
      new Case(Shape.nchw(2, 3, 4, 5), new int[] {3, 2, 1, 0}),
      new Case(Shape.of(2, 1, 3, 1, 4), new int[] {4, 2, 0, 3, 1}));

  /** {@code y[i0, i1, ...] = x[j]} with {@code j[perm[k]] = i[k]}: numpy's transpose, by definition. */
  private static float[] definition(Case c, float[] x) {
    int[] xDims = c.shape().dims();
    int[] yDims = c.permuted().dims();
    float[] y = new float[x.length];
    int[] yIndex = new int[yDims.length];
    for (int flat = 0; flat < y.length; flat++) {
      int rest = flat;
      for (int axis = yDims.length - 1; axis >= 0; axis--) {
        yIndex[axis] = rest % yDims[axis];
        rest /= yDims[axis];
      }
      int[] xIndex = new int[xDims.length];
      for (int k = 0; k < yDims.length; k++) {
        xIndex[c.perm()[k]] = yIndex[k];
      }
      int source = 0;
      for (int axis = 0; axis < xDims.length; axis++) {
        source = source * xDims[axis] + xIndex[axis];
      }
      y[flat] = x[source];
    }
    return y;
  }

  private static int[] inverse(int[] perm) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    return inverse;
  }

  @Test
  void matchesTheDefinitionOverwritesAndIsUndoneByTheInverse() {
    LayoutKernels layout = family(LayoutKernels.class);
    for (Case c : CASES) {
      float[] x = new TckRandom(110).uniform(c.shape().intSize());
      try (VolumeScope s = scope()) {
        Volume xv = s.upload(c.shape(), x);
        Volume y = s.filled(c.permuted(), Float.NaN);
        layout.transpose(xv, c.perm(), y);
        VolumeAssertions.assertExactly(definition(c, x), y.toArray(), c.toString());
        Volume back = s.filled(c.shape(), Float.NaN);
        layout.transpose(y, inverse(c.perm()), back);
        VolumeAssertions.assertExactly(x, back.toArray(), c + ", then by its inverse");
        VolumeAssertions.assertExactly(x, xv.toArray(), c + " must leave x alone");
      }
    }
  }

  @Test
  void rejectsWhatIsNotAPermutationOfTheAxes() {
    LayoutKernels layout = family(LayoutKernels.class);
    try (VolumeScope s = scope()) {
      Volume x = s.allocate(Shape.of(2, 3, 4));
      assertThrows(ConvoyException.class, () -> layout.transpose(x, new int[] {1, 0}, s.allocate(Shape.of(3, 2, 4))),
          "a permutation of 2 axes for a rank-3 x");
      assertThrows(ConvoyException.class, () -> layout.transpose(x, new int[] {0, 1, 1}, s.allocate(Shape.of(2, 3, 3))),
          "an axis named twice");
      assertThrows(ConvoyException.class, () -> layout.transpose(x, new int[] {0, 1, 3}, s.allocate(Shape.of(2, 3, 4))),
          "an axis that does not exist");
      assertThrows(ConvoyException.class, () -> layout.transpose(x, new int[] {2, 1, 0}, s.allocate(Shape.of(2, 3, 4))),
          "y not of the permuted shape [4, 3, 2]");
    }
  }

  @Test
  void matchesTheOracle() {
    for (Case c : CASES) {
      assertMatchesOracle(c.toString(), s -> {
        Volume y = s.allocate(c.permuted());
        s.family(LayoutKernels.class).transpose(s.upload(c.shape(), new TckRandom(111).uniform(c.shape().intSize())),
            c.perm(), y);
        return y.toArray();
      });
    }
  }
}
