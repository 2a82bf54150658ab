/**
 * The Maxout layer as a Convoy plugin. It needs the api alone, and says which layer provider it
 * offers with {@code provides}: Convoy finds it with ServiceLoader in the plugin's module layer.
 */
module org.example.convoy.maxout {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with org.example.convoy.maxout.MaxoutProvider;
}
