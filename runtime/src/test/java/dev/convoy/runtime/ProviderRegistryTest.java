package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  static final class FirstConv implements LayerProvider {
    @Override
    public Set<String> types() {
      return Set.of("Conv", "Mine");
    }

    @Override
    public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
      throw new UnsupportedOperationException();
    }
  }

  static final class SecondConv implements LayerProvider {
    @Override
    public Set<String> types() {
      return Set.of("Conv");
    }

    @Override
    public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void serviceLoaderFindsTheBuiltInProvidersOnTheModulePath() {
    ProviderRegistry registry = ProviderRegistry.load();
    assertTrue(registry.layerProviders().keySet().containsAll(
        Set.of("Conv", "MaxPool", "AveragePool", "L2Pool", "FC", "Relu", "Flatten", "Dropout",
            "SoftmaxCrossEntropy", "MulticlassSvm")), registry.layerProviders().keySet().toString());
    assertTrue(registry.backendProviders().stream().anyMatch(p -> p.name().equals("reference")));
    assertTrue(registry.optimizerProviders().containsKey("momentum"));
    assertEquals("dev.convoy.layers.conv", ProviderOrigin.module(registry.layerProvider("Conv")));
  }

  @Test
  void twoProvidersOfOneLayerTypeAreAnErrorNamingBoth() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> ProviderRegistry.of(List.of(new FirstConv(), new SecondConv()), List.of(), List.of()));
    assertTrue(e.getMessage().startsWith("Duplicate layer type 'Conv'"), e.getMessage());
    assertTrue(e.getMessage().contains(FirstConv.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(SecondConv.class.getName()), e.getMessage());
  }

  @Test
  void unknownLayerTypeListsKnownTypes() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(new FirstConv()), List.of(), List.of());
    ConvoyException e = assertThrows(ConvoyException.class, () -> registry.layerProvider("Maxout"));
    assertEquals("Unknown layer type: Maxout (known types: Conv, Mine). A plugin that provides it goes in the"
        + " plugins folder.", e.getMessage());
  }
}
