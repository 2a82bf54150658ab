package dev.convoy.formats.proto;

import dev.convoy.runtime.Network;
import java.util.List;

/**
 * The layer types of a network that Convoy's own modules do not provide, recorded so that a reader
 * can say which plugins a checkpoint needs before building anything. A hook for now: plugin loading
 * (which knows where each provider came from) is not in the runtime yet, so the list stays empty.
 */
final class PluginLayerTypes {
  private PluginLayerTypes() {}

  static List<String> of(Network network) {
    return List.of();
  }
}
