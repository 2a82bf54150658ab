package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.BACKEND;
import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Attributes;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  @TempDir
  Path dir;

  private static int[] bits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }

  private static void assertSameNetwork(Network expected, Network actual) {
    assertEquals(expected.inputs(), actual.inputs());
    assertEquals(expected.outputs(), actual.outputs());
    assertEquals(expected.nodes().size(), actual.nodes().size());
    for (int i = 0; i < expected.nodes().size(); i++) {
      Node e = expected.nodes().get(i);
      Node a = actual.nodes().get(i);
      assertEquals(e.name(), a.name());
      assertEquals(e.spec(), a.spec(), "spec of " + e.name());
      assertEquals(e.inputs(), a.inputs());
      assertEquals(e.outputShape(), a.outputShape());
    }
  }

  @Test
  void parametersComeBackBitIdenticalAndPredictionsIdentical() {
    Path file = dir.resolve("small.convoy");
    try (Model model = Model.create(Fixtures.smallNet(2), BACKEND, 42)) {
      ConvoyCheckpoint.write(file, model, Map.of(), TrainingState.start(42));
      LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
      assertSameNetwork(model.network(), saved.network());
      assertEquals(model.parameters().stream().map(Parameter::name).toList(), List.copyOf(saved.parameters().keySet()));
      try (Model again = saved.toModel(BACKEND)) {
        for (Parameter p : model.parameters()) {
          assertArrayEquals(bits(p.value().toArray()), bits(again.parameter(p.name()).value().toArray()), p.name());
          assertArrayEquals(bits(p.value().toArray()), bits(saved.parameter(p.name()).values()), p.name());
          assertEquals(p.value().shape(), saved.parameter(p.name()).shape());
        }
        try (Volume x = Fixtures.randomInput(Shape.nchw(2, 3, 8, 8), 1); Volume y = model.predict(x);
            Volume z = again.predict(x)) {
          assertArrayEquals(bits(y.toArray()), bits(z.toArray()));
        }
      }
    }
  }

  @Test
  void theNetworkIsRebuiltForAnotherBatchSizeWithTheSameValues() {
    Path file = dir.resolve("small.convoy");
    try (Model model = Model.create(Fixtures.smallNet(1), BACKEND, 7)) {
      ConvoyCheckpoint.write(file, model, Map.of(), TrainingState.start(7));
      LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
      assertEquals(Shape.nchw(1, 3, 8, 8), saved.network().inputs().getFirst().shape());
      assertEquals(Shape.nchw(5, 3, 8, 8), saved.network(5).inputs().getFirst().shape());
      assertEquals(Shape.of(5, 3), saved.network(5).shape("fc2"));
      try (Model five = saved.toModel(BACKEND, 5); Volume x = Fixtures.randomInput(Shape.nchw(5, 3, 8, 8), 2);
          Volume y = model.predict(x); Volume z = five.predict(x)) {
        assertEquals(Shape.of(5, 3), z.shape());
        assertArrayEquals(bits(y.toArray()), bits(z.toArray()));
      }
    }
  }

  @Test
  void aTrainingNetworkKeepsItsLossNodeAndLabelsInput() {
    Path file = dir.resolve("train.convoy");
    Network training = Fixtures.smallNet(4).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    try (Model model = Model.create(training, BACKEND, 3)) {
      ConvoyCheckpoint.write(file, model, Map.of(), new TrainingState(2, 30, 3));
      LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
      assertSameNetwork(training, saved.network());
      assertEquals(List.of(new NetworkInput("data", Shape.nchw(4, 3, 8, 8)), new NetworkInput(Network.LABELS, Shape.of(4))),
          saved.network().inputs());
      assertEquals("SoftmaxCrossEntropy", saved.network().node(Network.LOSS).spec().type());
      assertEquals(List.of("fc2", Network.LABELS), saved.network().node(Network.LOSS).inputs());
      assertEquals(Shape.of(9), saved.network(9).shape(Network.LABELS));
    }
  }

  @Test
  void metadataTrainingAndOptimizerStateComeBack() {
    Path file = dir.resolve("meta.convoy");
    Map<String, String> metadata = Map.of(
        "labels", "cat,dog,ship",
        "normalization.mean", "0.4914,0.4822,0.4465",
        "normalization.std", "0.2470,0.2435,0.2616",
        "dataset", "CIFAR-10 (ünïcode ✓)",
        "empty", "");
    OptimizerState optimizer = new OptimizerState("momentum",
        Attributes.empty().with("lr", 0.01f).with("momentum", 0.9f).with("nesterov", 1),
        Map.of("velocity.fc2.bias", new TensorData(Shape.of(3), new float[] {1.5f, -0f, Float.NaN}),
            "velocity.fc2.weight", new TensorData(Shape.of(3, 10), new float[30])));
    try (Model model = Model.create(Fixtures.smallNet(2), BACKEND, 11)) {
      ConvoyCheckpoint.write(file, model, metadata, new TrainingState(12, 4_000_000_000L, -5), optimizer);
    }
    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
    assertEquals(metadata, saved.metadata());
    assertEquals(new TrainingState(12, 4_000_000_000L, -5), saved.trainingState().orElseThrow());
    OptimizerState back = saved.optimizerState().orElseThrow();
    assertEquals("momentum", back.name());
    assertEquals(optimizer.hyperparameters(), back.hyperparameters());
    assertEquals(optimizer.tensors().keySet(), back.tensors().keySet());
    for (var e : optimizer.tensors().entrySet()) {
      assertEquals(e.getValue().shape(), back.tensors().get(e.getKey()).shape());
      assertArrayEquals(bits(e.getValue().values()), bits(back.tensors().get(e.getKey()).values()));
    }
    assertEquals(ProducerInfo.current().version(), saved.producer().substring("convoy ".length()));
    assertTrue(saved.apiVersion().matches("\\d+\\.\\d+\\.\\d+.*"), saved.apiVersion());
    assertEquals(List.of(), saved.pluginLayerTypes());
  }

  @Test
  void tensorsSplitOverManyRecordsComeBackWhole() {
    Path file = dir.resolve("split.convoy");
    try (Model model = Model.create(Fixtures.smallNet(2), BACKEND, 5)) {
      // 7 values per record: conv1.weight (108 values) takes 16 records, empty remainders none.
      new CheckpointWriter(7).write(file, model, Map.of(), TrainingState.start(5), null);
      LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);
      for (Parameter p : model.parameters()) {
        assertArrayEquals(bits(p.value().toArray()), bits(saved.parameter(p.name()).values()), p.name());
      }
    }
  }

  @Test
  void everyAttributeKindSurvivesEncoding() {
    Attributes all = Attributes.empty().with("i", -3).with("f", 0.1f).with("s", "same").with("ints", 3, 5)
        .with("floats", 0.5f, -2f, Float.MIN_VALUE).with("one", new int[] {7}).with("none", new float[0]);
    Attributes back = AttributeCodec.decode(AttributeCodec.encode(all, "test"), "test");
    assertEquals(all, back);
    assertEquals(List.copyOf(all.names()), List.copyOf(back.names()));
    assertArrayEquals(new int[] {3, 5}, (int[]) back.raw("ints"));
    assertEquals(Float.class, back.raw("f").getClass());
  }

  @Test
  void writingTheSameModelTwiceGivesTheSameBytes() throws Exception {
    try (Model model = Model.create(Fixtures.smallNet(2), BACKEND, 9)) {
      Map<String, String> inserted = new java.util.LinkedHashMap<>();
      inserted.put("b", "2");
      inserted.put("a", "1");
      inserted.put("c", "3");
      ConvoyCheckpoint.write(dir.resolve("one.convoy"), model, inserted, TrainingState.start(9));
      ConvoyCheckpoint.write(dir.resolve("two.convoy"), model, new java.util.TreeMap<>(inserted), TrainingState.start(9));
    }
    assertArrayEquals(java.nio.file.Files.readAllBytes(dir.resolve("one.convoy")),
        java.nio.file.Files.readAllBytes(dir.resolve("two.convoy")));
  }
}
