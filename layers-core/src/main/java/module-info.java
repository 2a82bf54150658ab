/**
 * Activations, flatten, dropout, softmax and the notes' two losses (Softmax and SVM); batch and
 * local response normalization; the merge nodes Add, Mul and Concat; and Reshape and Transpose.
 */
module dev.convoy.layers.core {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with
      dev.convoy.layers.core.CoreLayerProvider,
      dev.convoy.layers.core.ActivationLayerProvider,
      dev.convoy.layers.core.NormalizationLayerProvider,
      dev.convoy.layers.core.MergeLayerProvider,
      dev.convoy.layers.core.LayoutLayerProvider;
}
