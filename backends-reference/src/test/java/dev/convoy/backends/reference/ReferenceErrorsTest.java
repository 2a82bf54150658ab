package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.PoolingKernels;
import org.junit.jupiter.api.Test;

/** The reference backend's messages for user mistakes say what is wrong and what to do. */
class ReferenceErrorsTest {
  private final Backend backend = new ReferenceBackend();

  @Test
  void aBadLabelNamesItsRowAndValue() {
    try (Volume scores = backend.allocate(Shape.of(3, 4));
        Volume labels = backend.upload(Shape.of(3), new float[] {0, 2, 9});
        Volume d = backend.allocate(Shape.of(3, 4));
        Volume loss = backend.allocate(Shape.of(1))) {
      LossKernels losses = backend.nativeFamily(LossKernels.class).orElseThrow();
      ConvoyException e = assertThrows(ConvoyException.class, () -> losses.softmaxCrossEntropy(scores, labels, loss, d));
      assertTrue(e.getMessage().contains("label 9.0 of row 2") && e.getMessage().contains("[0, 4)"), e.getMessage());
      ConvoyException hinge = assertThrows(ConvoyException.class,
          () -> losses.multiclassHinge(scores, labels, 1f, loss, d));
      assertEquals(e.getMessage(), hinge.getMessage());
      assertThrows(ConvoyException.class, () -> losses.accumulateCorrect(scores, labels, loss));
    }
  }

  @Test
  void aVolumeOfAnotherBackendIsNamedAndTheFixSuggested() {
    Backend other = new ReferenceBackend();
    try (Volume theirs = other.allocate(Shape.of(2)); Volume ours = backend.allocate(Shape.of(2))) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> backend.axpy(1f, theirs, ours));
      assertTrue(e.getMessage().contains("axpby x") && e.getMessage().contains("upload("), e.getMessage());
    }
  }

  @Test
  void closingTheSourceClosesItsViewsButClosingAViewDoesNot() {
    Volume source = backend.upload(Shape.of(2, 2), new float[] {1, 2, 3, 4});
    Volume view = source.reshape(Shape.of(4));
    view.close();
    assertEquals(4f, source.toArray()[3], "closing a view leaves its source usable");
    Volume second = source.reshape(Shape.of(4));
    source.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, second::toArray);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void mismatchedConvolutionShapesAreRejected() {
    var g = dev.convoy.tck.ConvCases.geometry(1, 2, 5, 5, 3, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1);
    try (Volume x = backend.allocate(Shape.nchw(1, 3, 5, 5)); Volume w = backend.allocate(g.filterShape());
        Volume y = backend.allocate(g.outputShape())) {
      ConvolutionKernels conv = backend.nativeFamily(ConvolutionKernels.class).orElseThrow();
      ShapeException e = assertThrows(ShapeException.class, () -> conv.forward(x, w, null, y, g));
      assertTrue(e.getMessage().contains("conv x") && e.getMessage().contains("[1, 2, 5, 5]"), e.getMessage());
    }
  }

  @Test
  void maxPoolBackwardWithoutSwitchesSaysWhatIsMissing() {
    var g = dev.convoy.tck.PoolCases.geometry(dev.convoy.api.PoolKind.MAX, 1, 1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, false,
        dev.convoy.api.support.Rounding.EXACT);
    try (Volume x = backend.allocate(g.inputShape()); Volume y = backend.allocate(g.outputShape());
        Volume dx = backend.allocate(g.inputShape())) {
      PoolingKernels pool = backend.nativeFamily(PoolingKernels.class).orElseThrow();
      ConvoyException e = assertThrows(ConvoyException.class, () -> pool.backward(g, x, y, y, null, dx));
      assertTrue(e.getMessage().contains("switches"), e.getMessage());
    }
  }

  @Test
  void aLossIntoAVolumeOfMoreThanOneValueIsRejected() {
    try (Volume scores = backend.allocate(Shape.of(2, 3));
        Volume labels = backend.allocate(Shape.of(2));
        Volume loss = backend.allocate(Shape.of(2))) {
      LossKernels losses = backend.nativeFamily(LossKernels.class).orElseThrow();
      ShapeException e = assertThrows(ShapeException.class, () -> losses.softmaxCrossEntropy(scores, labels, loss, null));
      assertTrue(e.getMessage().contains("softmaxCrossEntropy loss"), e.getMessage());
    }
  }

  @Test
  void aTransposeIntoTheWrongShapeNamesTheShapeNeeded() {
    try (Volume x = backend.allocate(Shape.of(2, 3, 4)); Volume y = backend.allocate(Shape.of(2, 3, 4))) {
      LayoutKernels layout = backend.nativeFamily(LayoutKernels.class).orElseThrow();
      ShapeException e = assertThrows(ShapeException.class, () -> layout.transpose(x, new int[] {2, 0, 1}, y));
      assertTrue(e.getMessage().contains("[4, 2, 3]"), e.getMessage());
    }
  }
}
