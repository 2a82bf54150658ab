package dev.convoy.layers.pool;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import java.util.List;

/**
 * Max, average or L2 pooling of each depth slice independently; no parameters. Max pooling keeps
 * the forward pass's "switches" (where each window's winner was) so backward can route the
 * gradient there, as the notes describe. The backend's {@link PoolingKernels} do the arithmetic.
 */
final class PoolLayer implements Layer {
  private final String name;
  private final String type;
  private final PoolGeometry geometry;
  /** The switches of the last max-pool forward, for the backward that follows; null otherwise. */
  private Volume switches;

  PoolLayer(String name, String type, PoolGeometry geometry) {
    this.name = name;
    this.type = type;
    this.geometry = geometry;
  }

  @Override
  public Shape outputShape() {
    return geometry.outputShape();
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Backend backend = ctx.backend();
    PoolGeometry g = geometryFor(inputs.get(0).shape());
    Volume y = backend.allocateForOverwrite(g.outputShape());
    releaseSwitches();
    // Inference needs no switches: no backward follows (backward recomputes them if it does).
    if (geometry.kind() == PoolKind.MAX && ctx.training()) {
      switches = backend.allocateForOverwrite(g.outputShape());
    }
    ctx.family(PoolingKernels.class).forward(g, inputs.get(0), y, switches);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    PoolingKernels pool = ctx.family(PoolingKernels.class);
    Volume x = inputs.get(0);
    PoolGeometry g = geometryFor(x.shape());
    if (geometry.kind() == PoolKind.MAX && (switches == null || !switches.shape().equals(g.outputShape()))) {
      recordSwitches(backend, pool, g, x);
    }
    Volume dx = backend.allocateForOverwrite(x.shape());
    pool.backward(g, x, output, outputGradient, geometry.kind() == PoolKind.MAX ? switches : null, dx);
    return List.of(dx);
  }

  /** Runs the max-pool forward again to get switches that the last forward did not keep. */
  private void recordSwitches(Backend backend, PoolingKernels pool, PoolGeometry g, Volume x) {
    releaseSwitches();
    switches = backend.allocate(g.outputShape());
    try (Volume scratch = backend.allocate(g.outputShape())) {
      pool.forward(g, x, scratch, switches);
    }
  }

  private void releaseSwitches() {
    if (switches != null) {
      switches.close();
      switches = null;
    }
  }

  /** The creation geometry for this call's batch size; any other difference is an error. */
  private PoolGeometry geometryFor(Shape in) {
    if (in.rank() != 4 || in.c() != geometry.c() || in.h() != geometry.h() || in.w() != geometry.w()) {
      throw new ShapeException(name + ": input " + in + " does not fit this " + type + ", made for "
          + geometry.inputShape() + " (only the batch size may change)");
    }
    return in.n() == geometry.n() ? geometry : geometry.withBatch(in.n());
  }
}
