package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.List;
import java.util.Set;

/** Providers that exist only in tests, so that listings and choices can be checked against known values. */
final class FakeProviders {
  private FakeProviders() {}

  static BackendProvider backend(String name, int rank, BackendProvider.Availability availability) {
    return backend(name, rank, availability, List.of());
  }

  /** A backend whose provider reports {@code details} for {@code convoy backends}, as a device backend lists its devices. */
  static BackendProvider backend(String name, int rank, BackendProvider.Availability availability,
      List<String> details) {
    return new BackendProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int rank() {
        return rank;
      }

      @Override
      public String description() {
        return "fake " + name;
      }

      @Override
      public Availability availability() {
        return availability;
      }

      @Override
      public List<String> details() {
        return details;
      }

      @Override
      public Backend create() {
        throw new UnsupportedOperationException("fake backend " + name);
      }
    };
  }

  static LayerProvider layers(String... types) {
    return new LayerProvider() {
      @Override
      public Set<String> types() {
        return Set.of(types);
      }

      @Override
      public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
        throw new UnsupportedOperationException("fake layer provider");
      }
    };
  }
}
