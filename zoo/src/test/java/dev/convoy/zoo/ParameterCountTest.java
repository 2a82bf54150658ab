package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ParamSpec;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every zoo model has exactly as many trained parameters as PyTorch counts for the same
 * architecture (torchvision's where it has one), as {@code src/test/python/parameter_counts.py}
 * wrote them to {@code parameter-counts.csv}. BatchNorm's running mean and variance are saved but not
 * trained (not {@link ParamSpec#trainable()}); PyTorch keeps them as buffers and does not count them.
 */
class ParameterCountTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  static long trainedParameters(Network net) {
    long count = 0;
    for (Node node : net.nodes()) {
      for (ParamSpec p : node.layer().parameters()) {
        count += p.trainable() ? p.shape().size() : 0;
      }
    }
    return count;
  }

  private static Map<String, Long> pytorchCounts() throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (InputStream in = ParameterCountTest.class.getResourceAsStream("/parameter-counts.csv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.lines().skip(1).map(line -> line.split(",")).forEach(f -> counts.put(f[0], Long.parseLong(f[1])));
    }
    return counts;
  }

  @Test
  void everyModelHasPytorchsParameterCount() throws IOException {
    Map<String, Long> expected = pytorchCounts();
    assertEquals(Zoo.models().stream().map(ZooModel::name).toList(), expected.keySet().stream().toList(),
        "parameter-counts.csv covers the zoo; rerun parameter_counts.py after adding a model");
    for (ZooModel model : Zoo.models()) {
      assertEquals(expected.get(model.name()), trainedParameters(model.build(REGISTRY, 1)), model.name());
    }
  }

  /** The counts torchvision 0.14 prints, written out so that a wrong CSV cannot hide a wrong model. */
  @Test
  void theCaseStudiesHaveTorchvisionsCounts() {
    Map<String, Long> torchvision = Map.of("alexnet", 61_100_840L, "vgg11", 132_863_336L, "vgg16", 138_357_544L,
        "vgg19", 143_667_240L, "googlenet", 6_624_904L, "resnet18", 11_689_512L, "resnet34", 21_797_672L,
        "resnet50", 25_557_032L, "lenet5", 61_706L);
    torchvision.forEach((name, count) ->
        assertEquals(count, trainedParameters(Zoo.get(name).build(REGISTRY, 1)), name));
  }

  @Test
  void theFirstFcOfVgg16HoldsMostOfItsParameters() {
    Network vgg = Zoo.get("vgg16").build(REGISTRY, 1);
    // The notes: FC [1x1x4096] weights 7*7*512*4096 = 102,760,448, of 138M in all.
    assertEquals(102_760_448L + 4096, vgg.node("fc6").parameterCount());
    assertEquals(1_728L + 64, vgg.node("conv1_1").parameterCount());
  }
}
