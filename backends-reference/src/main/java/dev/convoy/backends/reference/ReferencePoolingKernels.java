package dev.convoy.backends.reference;

import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.api.support.ArrayVolume;

/** The reference {@link PoolingKernels}: checks owner and shapes, then runs {@link ReferencePool}. */
final class ReferencePoolingKernels implements PoolingKernels {
  private final ReferenceBackend backend;

  ReferencePoolingKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(PoolGeometry g, Volume x, Volume y, Volume switches) {
    ReferencePool.forward(g, input(x, g, "pool x"), output(y, g, "pool y"),
        switches == null ? null : output(switches, g, "pool switches"));
  }

  @Override
  public void backward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx) {
    // Only L2 reads the forward output, so the others may be given null there.
    ReferencePool.backward(g, input(x, g, "pool x"),
        g.kind() == PoolKind.L2 ? output(y, g, "pool y") : null, output(dy, g, "pool dy"),
        switches == null ? null : output(switches, g, "pool switches"), input(dx, g, "pool dx"));
  }

  private ArrayVolume input(Volume v, PoolGeometry g, String role) {
    return backend.own(v, role).requireShape(g.inputShape(), role);
  }

  private ArrayVolume output(Volume v, PoolGeometry g, String role) {
    return backend.own(v, role).requireShape(g.outputShape(), role);
  }
}
