/** The FC layer: every output connected to every input value, a matrix multiply plus bias. */
module dev.convoy.layers.fc {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with dev.convoy.layers.fc.FcLayerProvider;
}
