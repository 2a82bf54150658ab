package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach in the layout kernels on the device: copies within one
 * buffer (as the reference's block copies allow) and transposes of many axes, some of size 1.
 */
class OpenClLayoutTest {
  private OpenClBackend backend;
  private LayoutKernels layout;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
    layout = backend.nativeFamily(LayoutKernels.class).orElseThrow();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static float[] ramp(int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = i;
    }
    return values;
  }

  @Test
  void copyingChannelsOverlappingWithinOneVolumeMovesEachItemsBlockAsAWhole() {
    Shape shape = Shape.nchw(2, 5, 2, 2);
    float[] x = ramp(40);
    float[] expected = x.clone();
    for (int n = 0; n < 2; n++) {
      System.arraycopy(x, n * 20, expected, n * 20 + 4, 12); // channels 0..2 to 1..3
    }
    try (Volume v = backend.upload(shape, x)) {
      layout.copyChannels(v, 0, v, 1, 3);
      assertArrayEquals(expected, v.toArray());
    }
  }

  @Test
  void transposingIntoAViewOfItsOwnBufferReadsEveryValueFirst() {
    try (Volume x = backend.upload(Shape.of(2, 3), ramp(6))) {
      layout.transpose(x, new int[] {1, 0}, x.reshape(Shape.of(3, 2)));
      assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, x.toArray());
    }
  }

  @Test
  void aRankSevenTransposeWithAxesOfSizeOneMatchesTheDefinition() {
    int[] dims = {2, 1, 3, 2, 1, 4, 2};
    int[] perm = {6, 3, 1, 0, 5, 4, 2};
    int[] yDims = new int[7];
    for (int i = 0; i < 7; i++) {
      yDims[i] = dims[perm[i]];
    }
    float[] x = ramp(96);
    float[] expected = new float[96];
    int[] strides = new int[7];
    for (int axis = 6, stride = 1; axis >= 0; axis--) {
      strides[axis] = stride;
      stride *= dims[axis];
    }
    for (int flat = 0; flat < 96; flat++) {
      int rest = flat;
      int source = 0;
      for (int axis = 6; axis >= 0; axis--) {
        source += rest % yDims[axis] * strides[perm[axis]];
        rest /= yDims[axis];
      }
      expected[flat] = x[source];
    }
    try (Volume xv = backend.upload(Shape.of(dims), x); Volume y = backend.allocate(Shape.of(yDims))) {
      layout.transpose(xv, perm, y);
      assertArrayEquals(expected, y.toArray());
    }
  }
}
