/**
 * The CONV layer: K filters of F x F over the full input depth, stride S, padding P, dilation,
 * groups; and the locally-connected layer, CONV without parameter sharing.
 */
module dev.convoy.layers.conv {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with
      dev.convoy.layers.conv.ConvLayerProvider,
      dev.convoy.layers.conv.LocallyConnectedLayerProvider,
      dev.convoy.layers.conv.FusedConvLayerProvider;
}
