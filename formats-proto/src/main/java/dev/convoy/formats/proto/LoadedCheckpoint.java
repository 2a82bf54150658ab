package dev.convoy.formats.proto;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.NetworkDef;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A checkpoint read by {@link ConvoyCheckpoint#read}: the network as saved (batch size included,
 * loss node and labels input kept when it had them), its parameter values by name, optimizer and
 * training state, and metadata. {@link #toModel} puts the values into a runnable {@link Model};
 * {@link #network(int)} rebuilds the network for another batch size. Immutable.
 */
public final class LoadedCheckpoint {
  private final Path file;
  private final ProviderRegistry registry;
  private final NetworkDef networkDef;
  private final Network network;
  private final Map<String, TensorData> parameters;
  private final Optional<OptimizerState> optimizer;
  private final Optional<TrainingState> training;
  private final Map<String, String> metadata;
  private final String producer;
  private final String apiVersion;
  private final List<String> pluginLayerTypes;

  LoadedCheckpoint(Path file, ProviderRegistry registry, Header header, Network network,
      Map<String, TensorData> parameters, Optional<OptimizerState> optimizer) {
    this.file = file;
    this.registry = registry;
    this.networkDef = header.getNetwork();
    this.network = network;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.optimizer = optimizer;
    this.training = header.hasTraining()
        ? Optional.of(new TrainingState(header.getTraining().getEpoch(), header.getTraining().getStep(),
            header.getTraining().getSeed()))
        : Optional.empty();
    this.metadata = Collections.unmodifiableMap(new TreeMap<>(header.getMetadataMap()));
    this.producer = (header.getProducer().getName() + " " + header.getProducer().getVersion()).strip();
    this.apiVersion = header.getApiVersion();
    this.pluginLayerTypes = PluginLayerTypes.types(header.getPluginLayerTypesList());
  }

  /** The network exactly as saved, with the batch size it was saved with. */
  public Network network() {
    return network;
  }

  /** The saved network with every input's first (batch) dimension set to {@code batch}. */
  public Network network(int batch) {
    if (batch < 1) {
      throw new ConvoyException("the batch size must be at least 1, not " + batch);
    }
    try {
      return NetworkCodec.decode(networkDef, registry, batch);
    } catch (ConvoyException e) {
      throw new ConvoyException("the network of " + file + " cannot be rebuilt for batch size " + batch + ": "
          + e.getMessage(), e);
    }
  }

  /** Parameter values by qualified name ({@code conv1.weight}), in network order. */
  public Map<String, TensorData> parameters() {
    return parameters;
  }

  /** The values of one parameter, or an error listing the saved names. */
  public TensorData parameter(String name) {
    TensorData values = parameters.get(name);
    if (values == null) {
      throw new ConvoyException("checkpoint " + file + " has no parameter '" + name + "' (it has: "
          + String.join(", ", parameters.keySet()) + ")");
    }
    return values;
  }

  public Optional<OptimizerState> optimizerState() {
    return optimizer;
  }

  public Optional<TrainingState> trainingState() {
    return training;
  }

  /** Class labels, normalisation, dataset and whatever else the writer recorded; sorted by key. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The program that wrote the file, e.g. {@code convoy 0.1.0}. */
  public String producer() {
    return producer;
  }

  /** The api version the writer was built against. */
  public String apiVersion() {
    return apiVersion;
  }

  /** Layer types the file says come from plugins. */
  public List<String> pluginLayerTypes() {
    return pluginLayerTypes;
  }

  /**
   * A model of the saved network at its saved batch size holding the saved values, with the saved
   * seed and step count (see {@link Model#step()}), so that training it goes on as the saved run would have.
   */
  public Model toModel(Backend backend) {
    return withSavedValues(network, backend);
  }

  /** As {@link #toModel(Backend)}, with the network rebuilt for {@code batch}. */
  public Model toModel(Backend backend, int batch) {
    return withSavedValues(network(batch), backend);
  }

  private Model withSavedValues(Network net, Backend backend) {
    long seed = training.map(TrainingState::seed).orElse(0L);
    Model model = Model.create(net, backend, seed);
    try {
      for (Parameter p : model.parameters()) {
        p.value().write(parameter(p.name()).values());
      }
      // Training goes on with the dropout masks it would have drawn next.
      model.step(training.map(TrainingState::step).orElse(0L));
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
