package dev.convoy.backends.simd;

import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.api.support.ArrayVolume;

/** The {@link PoolingKernels} family: checks the volumes against the geometry and runs {@link SimdPool}. */
final class SimdPooling implements PoolingKernels {
  private final OwnVolumes volumes;
  private final SimdPool pool;

  SimdPooling(OwnVolumes volumes, SimdPool pool) {
    this.volumes = volumes;
    this.pool = pool;
  }

  @Override
  public void forward(PoolGeometry g, Volume x, Volume y, Volume switches) {
    ArrayVolume in = volumes.own(x, g.inputShape(), "pool x");
    ArrayVolume out = volumes.own(y, g.outputShape(), "pool y");
    ArrayVolume sw = switches == null ? null : volumes.own(switches, g.outputShape(), "pool switches");
    pool.forward(g, in.array(), in.offset(), out.array(), out.offset(), sw == null ? null : sw.array(),
        sw == null ? 0 : sw.offset());
  }

  @Override
  public void backward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx) {
    ArrayVolume in = volumes.own(x, g.inputShape(), "pool x");
    ArrayVolume out = g.kind() == PoolKind.L2 ? volumes.own(y, g.outputShape(), "pool y") : null;
    ArrayVolume grad = volumes.own(dy, g.outputShape(), "pool dy");
    ArrayVolume sw = switches == null ? null : volumes.own(switches, g.outputShape(), "pool switches");
    ArrayVolume dIn = volumes.own(dx, g.inputShape(), "pool dx");
    pool.backward(g, in.array(), in.offset(), out == null ? null : out.array(), out == null ? 0 : out.offset(),
        grad.array(), grad.offset(), sw == null ? null : sw.array(), sw == null ? 0 : sw.offset(), dIn.array(),
        dIn.offset());
  }
}
