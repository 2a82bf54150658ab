package dev.convoy.formats.onnx;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import java.util.Collections;
import java.util.Map;

/**
 * An ONNX model read by {@link OnnxImporter}: the Convoy network it became, its weights by
 * qualified parameter name ({@code conv1.weight}), the file's metadata ({@code metadata_props})
 * and where it came from. {@link #toModel} puts the weights into a runnable {@link Model}.
 */
public final class OnnxModel {
  private final Network network;
  private final Map<String, float[]> parameters;
  private final Map<String, String> metadata;
  private final String producer;
  private final int opset;

  OnnxModel(Network network, Map<String, float[]> parameters, Map<String, String> metadata, String producer,
      int opset) {
    this.network = network;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.metadata = Collections.unmodifiableMap(metadata);
    this.producer = producer;
    this.opset = opset;
  }

  public Network network() {
    return network;
  }

  /** Weight values by qualified parameter name, row-major in Convoy's layouts. */
  public Map<String, float[]> parameters() {
    return parameters;
  }

  /** The file's {@code metadata_props}, e.g. class labels if its writer stored them. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The program that wrote the file, e.g. {@code pytorch 1.13.0}. */
  public String producer() {
    return producer;
  }

  /** The default-domain opset the file declares. */
  public int opset() {
    return opset;
  }

  /** A model of {@link #network()} holding the imported weights; parameters not in the file keep their initial values. */
  public Model toModel(Backend backend) {
    Model model = Model.create(network, backend, 0);
    try {
      for (Parameter p : model.parameters()) {
        float[] values = parameters.get(p.name());
        if (values != null) {
          if (values.length != p.value().shape().size()) {
            throw new ConvoyException("imported weight " + p.name() + " holds " + values.length + " values but the layer needs "
                + p.value().shape());
          }
          p.value().write(values);
        }
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
