import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import dev.convoy.runtime.plugins.PluginLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Defines a small net with the plugin's Maxout layer and saves it untrained, for
 * {@code convoy train --model maxnet.convoy}. Run with Java's source launcher on Convoy's module path:
 * {@code java --module-path app/target/modules --add-modules ALL-MODULE-PATH MaxNet.java PLUGINS OUT}.
 */
public class MaxNet {
  public static void main(String[] args) {
    Path plugins = Path.of(args[0]);
    Path out = Path.of(args[1]);
    // The built-in providers plus the plugins folder's, as --plugins gives the CLI.
    ProviderRegistry registry = PluginLoader.forHost().load(plugins).registry(ProviderRegistry.load());
    // INPUT 28x28x1 -> CONV5-8 -> MAXOUT(2) -> POOL2 -> FC-10: Maxout keeps the larger of each pair of filters.
    Network net = Sequential.input(registry, Shape.nchw(16, 1, 28, 28))
        .conv(8, 5, 1, 0)
        .add(LayerSpec.of("Maxout").with("pieces", 2))
        .maxPool(2, 2)
        .fc(10)
        .build();
    try (Backend backend = new BackendSelector(registry).select(null).open();
        Model model = Model.create(net, backend, 1)) {
      ConvoyCheckpoint.write(out, model, Map.of(), new TrainingState(0, 0, 1));
    }
    System.out.printf("saved %s: %s, %,d parameters%n", out, net.nodes().stream().map(n -> n.name()).toList(),
        net.parameterCount());
  }
}
