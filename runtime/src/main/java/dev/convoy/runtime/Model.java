package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A {@link Network} with its parameters allocated on a {@link Backend}: what runs forward, backward
 * and gets trained. Parameters start from the seed, so the same seed gives the same network.
 *
 * <p>Inference ({@link #predict}, {@link #infer}) frees every activation as soon as its last
 * reader has run, as the notes advise for test time; {@link #forward} in training mode keeps what
 * backward needs until the returned {@link ForwardPass} is closed.
 *
 * <p>Not thread-safe: layers keep per-call state. Use one model per thread.
 */
public final class Model implements AutoCloseable {
  private final Network network;
  private final Backend backend;
  private final KernelResolver kernels;
  private final long seed;
  private final Map<String, Map<String, TrainableParameter>> parametersByNode = new HashMap<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private long step;
  private long lastPeakValues;

  private Model(Network network, Backend backend, long seed) {
    this.network = network;
    this.backend = backend;
    this.kernels = KernelResolver.of(backend);
    this.seed = seed;
    for (Node node : network.nodes()) {
      Map<String, TrainableParameter> own = new LinkedHashMap<>();
      for (ParamSpec spec : node.layer().parameters()) {
        String name = node.qualify(spec.name());
        float[] initial = ParameterInitializer.values(spec, new Random(Seeds.mix(seed, Seeds.of(name))));
        TrainableParameter p = new TrainableParameter(name, backend.upload(spec.shape(), initial), backend);
        own.put(spec.name(), p);
        parameters.add(spec.trainable() ? p : new StateParameter(p));
      }
      parametersByNode.put(node.name(), own);
    }
  }

  /** Allocates and initialises every parameter of {@code network} on {@code backend}. */
  public static Model create(Network network, Backend backend, long seed) {
    return new Model(network, backend, seed);
  }

  public Network network() {
    return network;
  }

  public Backend backend() {
    return backend;
  }

  /** The backend's kernels, family by family (its own or the host fallback), for optimizers and tools. */
  public KernelResolver kernels() {
    return kernels;
  }

  /**
   * Every parameter in node order, named {@code node.param}, including layer state that is saved
   * but not trained (e.g. batch normalization's running statistics), whose {@link Parameter#trainable()}
   * is false so that optimizers skip it.
   */
  public List<Parameter> parameters() {
    return List.copyOf(parameters);
  }

  /** The parameter called {@code qualifiedName}, e.g. {@code conv1.weight}. */
  public Parameter parameter(String qualifiedName) {
    for (Parameter p : parameters) {
      if (p.name().equals(qualifiedName)) {
        return p;
      }
    }
    throw new ConvoyException("no parameter named '" + qualifiedName + "'");
  }

  /**
   * Training steps taken: how many {@link #forward} calls in training mode this model has run. With
   * the seed it picks each step's dropout masks, so a resumed run restores it with {@link #step(long)}.
   */
  public long step() {
    return step;
  }

  /** Continues counting from {@code step}, as saved with {@link #step()}, so dropout masks go on as they would have. */
  public void step(long step) {
    if (step < 0) {
      throw new ConvoyException("a step count cannot be negative, got " + step);
    }
    this.step = step;
  }

  /**
   * Sets every parameter gradient to zero; call once per step before backward. The zeros are
   * written when a gradient is next read, unless a layer overwrites it whole first (see {@link
   * dev.convoy.api.LayerContext#paramGradientBeta}).
   */
  public void zeroGradients() {
    parametersByNode.values().forEach(own -> own.values().forEach(TrainableParameter::zeroLazily));
  }

  /** Inference on a network with one input and one output; the caller owns the result. */
  public Volume predict(Volume input) {
    if (network.inputs().size() != 1 || network.outputs().size() != 1) {
      throw new ConvoyException("predict needs a network with one input and one output; this one has inputs "
          + network.inputs() + " and outputs " + network.outputs() + ": use infer");
    }
    return infer(Map.of(network.inputs().getFirst().name(), input)).get(network.outputs().getFirst());
  }

  /**
   * Inference: returns the network outputs (owned by the caller), freeing each intermediate
   * activation right after its last reader.
   */
  public Map<String, Volume> infer(Map<String, Volume> inputs) {
    return infer(inputs, network.outputs());
  }

  /**
   * Inference of the named values only: runs just the nodes they depend on (so a training network's
   * loss node and its labels input are skipped), freeing each activation after its last reader.
   */
  public Map<String, Volume> infer(Map<String, Volume> inputs, List<String> wanted) {
    Set<String> needed = network.ancestors(wanted);
    checkInputs(inputs, needed);
    List<Node> toRun = network.nodes().stream().filter(n -> needed.contains(n.name())).toList();
    Map<String, Integer> readsLeft = new HashMap<>();
    toRun.forEach(node -> node.inputs().forEach(in -> readsLeft.merge(in, 1, Integer::sum)));
    Map<String, Volume> values = new HashMap<>(inputs);
    long live = 0;
    long peak = 0;
    for (Node node : toRun) {
      Volume out = run(node, values, false, step);
      values.put(node.name(), out);
      live += out.shape().size();
      peak = Math.max(peak, live);
      for (String in : node.inputs()) {
        if (readsLeft.merge(in, -1, Integer::sum) == 0 && !inputs.containsKey(in) && !wanted.contains(in)) {
          live -= values.get(in).shape().size();
          values.remove(in).close();
        }
      }
    }
    lastPeakValues = peak;
    Map<String, Volume> outputs = new LinkedHashMap<>();
    wanted.forEach(name -> outputs.put(name, values.get(name)));
    return outputs;
  }

  /** The most activation values held at once by the last {@link #infer}, for memory accounting. */
  public long lastInferencePeakValues() {
    return lastPeakValues;
  }

  /**
   * Runs every node and keeps all activations for {@link ForwardPass#backward}. With
   * {@code training} set, dropout drops and each call is a new step with new random masks.
   */
  public ForwardPass forward(Map<String, Volume> inputs, boolean training) {
    checkInputs(inputs);
    long thisStep = training ? ++step : step;
    Map<String, Volume> values = new LinkedHashMap<>(inputs);
    for (Node node : network.nodes()) {
      values.put(node.name(), run(node, values, training, thisStep));
    }
    return new ForwardPass(this, values, inputs.keySet(), training, thisStep);
  }

  Volume run(Node node, Map<String, Volume> values, boolean training, long atStep) {
    List<Volume> in = node.inputs().stream().map(values::get).toList();
    return node.layer().forward(context(node, training, atStep), in);
  }

  NodeContext context(Node node, boolean training, long atStep) {
    long nodeSeed = Seeds.mix(seed, Seeds.of(node.name()), atStep);
    return new NodeContext(node.name(), kernels, training, nodeSeed, parametersByNode.get(node.name()));
  }

  private void checkInputs(Map<String, Volume> inputs) {
    checkInputs(inputs, network.inputs().stream().map(NetworkInput::name).collect(java.util.stream.Collectors.toSet()));
  }

  private void checkInputs(Map<String, Volume> inputs, Set<String> needed) {
    for (NetworkInput expected : network.inputs()) {
      if (!needed.contains(expected.name())) {
        continue;
      }
      Volume given = inputs.get(expected.name());
      if (given == null) {
        throw new ConvoyException("missing input '" + expected.name() + "' (expected shape " + expected.shape() + ")");
      }
      Shape shape = given.shape();
      if (shape.rank() != expected.shape().rank() || !shape.withBatch(1).equals(expected.shape().withBatch(1))) {
        throw new ConvoyException("input '" + expected.name() + "' has shape " + shape + " but the network expects "
            + expected.shape() + " (any batch size)");
      }
      if (given.backend() != backend) {
        throw new ConvoyException("input '" + expected.name() + "' lives on backend '" + given.backend().name()
            + "' but the model runs on '" + backend.name() + "'");
      }
    }
  }

  /** Frees the parameters; the backend stays open (it may be shared). */
  @Override
  public void close() {
    for (Map<String, TrainableParameter> own : parametersByNode.values()) {
      for (TrainableParameter p : own.values()) {
        p.value().close();
        p.closeGradient();
      }
    }
  }

  /** A parameter declared with {@link ParamSpec#state}: saved and loaded, never trained or decayed. */
  private record StateParameter(Parameter p) implements Parameter {
    @Override
    public String name() {
      return p.name();
    }

    @Override
    public Volume value() {
      return p.value();
    }

    @Override
    public Volume gradient() {
      return p.gradient();
    }

    @Override
    public boolean trainable() {
      return false;
    }

    @Override
    public boolean decays() {
      return false;
    }
  }
}
