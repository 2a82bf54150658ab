/** The POOL layers: max (with switches), average and L2-norm pooling, and global average and max pooling. */
module dev.convoy.layers.pool {
  requires dev.convoy.api;

  provides dev.convoy.api.LayerProvider with dev.convoy.layers.pool.PoolLayerProvider;
}
