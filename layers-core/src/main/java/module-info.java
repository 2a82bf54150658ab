/** Activations, flatten, dropout, softmax and the notes' two losses (Softmax and SVM). */
module dev.convoy.layers.core {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with dev.convoy.layers.core.CoreLayerProvider;
}
