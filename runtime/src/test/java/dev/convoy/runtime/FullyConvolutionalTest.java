package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FullyConvolutionalTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  @AfterAll
  static void closeBackend() {
    BACKEND.close();
  }

  /**
   * A small VGG-style net for 32x32x3 with a total stride of 8: 32 -> 30 -> 15 -> 12 -> 6 -> 4 -> 2,
   * then Flatten, FC-16, RELU, dropout and FC-5. Its CONVs pad nothing, so that a crop's scores do
   * not depend on pixels outside it and the score map must match the crops exactly (with padding, a
   * crop's border sees zeros where the large image has its neighbours).
   */
  private static Network smallNet(Shape input) {
    return Sequential.input(REGISTRY, input)
        .conv(8, 3, 1, 0).relu().maxPool(2, 2)
        .conv(8, 4, 1, 0).relu().maxPool(2, 2)
        .conv(8, 3, 1, 0).relu().maxPool(2, 2)
        .add("flatten", LayerSpec.of("Flatten"))
        .fc(16).relu().dropout(0.5f)
        .fc(5)
        .build();
  }

  private static float[] random(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  @Test
  void fcLayersBecomeConvsCoveringTheVolumeTheyRead() {
    Network converted = FullyConvolutional.convert(smallNet(Shape.nchw(1, 3, 32, 32)), REGISTRY,
        Shape.nchw(1, 3, 64, 64));
    assertEquals("Conv", converted.node("fc1").spec().type());
    assertArrayEquals(new int[] {2, 2}, converted.node("fc1").spec().attributes().ints("kernel", 2, 0));
    assertEquals(16, converted.node("fc1").spec().attributes().getInt("filters", 0));
    assertArrayEquals(new int[] {1, 1}, converted.node("fc2").spec().attributes().ints("kernel", 2, 0));
    assertFalse(converted.nodes().stream().anyMatch(n -> n.spec().type().equals("Flatten")));
    assertEquals(List.of("maxpool3"), converted.node("fc1").inputs());
    assertEquals(Shape.nchw(1, 5, 5, 5), converted.shape("fc2"));
    assertEquals(smallNet(Shape.nchw(1, 3, 32, 32)).parameterCount(), converted.parameterCount());
  }

  /** The notes' relation, scaled down: 32x32 net on 64x64 gives 5x5 scores, one per crop 8 pixels apart. */
  @Test
  void theScoreMapEqualsTheOriginalNetOnEveryCropAtTheTotalStride() {
    int size = 32;
    int large = 64;
    int stride = 8;
    float[] image = random(3 * large * large, 3);
    try (Model original = Model.create(smallNet(Shape.nchw(1, 3, size, size)), BACKEND, 11);
        Model converted = FullyConvolutional.convert(original, REGISTRY, Shape.nchw(1, 3, large, large));
        Volume input = BACKEND.upload(Shape.nchw(1, 3, large, large), image);
        Volume map = converted.predict(input)) {
      assertEquals(Shape.nchw(1, 5, 5, 5), map.shape());
      float[] scores = map.toArray();
      int cells = (large - size) / stride + 1;
      for (int i = 0; i < cells; i++) {
        for (int j = 0; j < cells; j++) {
          float[] crop = crop(image, large, i * stride, j * stride, size);
          try (Volume x = BACKEND.upload(Shape.nchw(1, 3, size, size), crop); Volume y = original.predict(x)) {
            float[] expected = y.toArray();
            for (int k = 0; k < 5; k++) {
              float actual = scores[(k * cells + i) * cells + j];
              assertEquals(expected[k], actual, 1e-4f * Math.max(1f, Math.abs(expected[k])),
                  "class " + k + " at crop (" + i + ", " + j + ")");
            }
          }
        }
      }
    }
  }

  private static float[] crop(float[] image, int width, int top, int left, int size) {
    float[] out = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        System.arraycopy(image, (c * width + top + y) * width + left, out, (c * size + y) * size, size);
      }
    }
    return out;
  }

  @Test
  void trainedValuesAreCopiedUnderTheSameNames() {
    try (Model original = Model.create(smallNet(Shape.nchw(1, 3, 32, 32)), BACKEND, 5);
        Model converted = FullyConvolutional.convert(original, REGISTRY, null)) {
      assertEquals(original.parameters().stream().map(Parameter::name).toList(),
          converted.parameters().stream().map(Parameter::name).toList());
      for (Parameter p : original.parameters()) {
        assertArrayEquals(p.value().toArray(), converted.parameter(p.name()).value().toArray(), p.name());
      }
      assertEquals(Shape.nchw(16, 8, 2, 2), converted.parameter("fc1.weight").value().shape());
      assertEquals(Shape.nchw(1, 5, 1, 1), converted.network().shape("fc2"));
    }
  }

  /** Saved state that is not trained (BatchNorm's running statistics) travels with the weights. */
  @Test
  void batchNormStatisticsAreCopiedToo() {
    Network net = Sequential.input(REGISTRY, Shape.nchw(1, 2, 4, 4)).conv(3, 3, 1, 1)
        .add("bn", LayerSpec.of("BatchNorm")).relu().fc(2).build();
    try (Model original = Model.create(net, BACKEND, 5)) {
      original.parameter("bn.running_mean").value().write(new float[] {0.5f, -1f, 2f});
      original.parameter("bn.running_var").value().write(new float[] {3f, 0.25f, 1.5f});
      try (Model converted = FullyConvolutional.convert(original, REGISTRY, Shape.nchw(1, 2, 6, 6))) {
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, converted.parameter("bn.running_mean").value().toArray());
        assertArrayEquals(new float[] {3f, 0.25f, 1.5f}, converted.parameter("bn.running_var").value().toArray());
        assertFalse(converted.parameter("bn.running_var").trainable());
        assertEquals(Shape.nchw(1, 2, 3, 3), converted.network().shape("fc1"));
      }
    }
  }

  @Test
  void anFcReadingAPoolDirectlyAndATrainingNetworksLossAreHandled() {
    Network training = Sequential.input(REGISTRY, Shape.nchw(4, 1, 8, 8))
        .conv(4, 3, 1, 1).relu().maxPool(2, 2).fc(3).build()
        .withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    Network converted = FullyConvolutional.convert(training, REGISTRY, Shape.nchw(1, 1, 16, 16));
    assertEquals(List.of("data"), converted.inputs().stream().map(NetworkInput::name).toList());
    assertFalse(converted.nodes().stream().anyMatch(n -> n.name().equals(Network.LOSS)));
    assertArrayEquals(new int[] {4, 4}, converted.node("fc1").spec().attributes().ints("kernel", 2, 0));
    assertEquals(Shape.nchw(1, 3, 5, 5), converted.shape("fc1"));
  }

  @Test
  void sizesTheNetCannotDivideAreRejectedWithTheArithmetic() {
    ShapeException e = assertThrows(ShapeException.class, () -> FullyConvolutional.convert(
        smallNet(Shape.nchw(1, 3, 32, 32)), REGISTRY, Shape.nchw(1, 3, 60, 60)));
    assertTrue(e.getMessage().contains("60x60x3") && e.getMessage().contains("is not an integer"), e.getMessage());
    ShapeException depth = assertThrows(ShapeException.class, () -> FullyConvolutional.convert(
        smallNet(Shape.nchw(1, 3, 32, 32)), REGISTRY, Shape.nchw(1, 1, 64, 64)));
    assertTrue(depth.getMessage().contains("C=3"), depth.getMessage());
  }

  @Test
  void aNetWithoutFcLayersIsAlreadyFullyConvolutional() {
    Network net = Sequential.input(REGISTRY, Shape.nchw(1, 1, 8, 8)).conv(2, 3, 1, 1).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> FullyConvolutional.convert(net, REGISTRY, null));
    assertTrue(e.getMessage().contains("no FC layer"), e.getMessage());
  }
}
