package dev.convoy.backends.opencl;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ChannelLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.cl_mem;

/**
 * The opencl backend: volumes in the device memory of one OpenCL device ({@link OpenClVolume}),
 * and the core as OpenCL kernels: storage through the command queue ({@link DeviceSession}), GEMM
 * ({@link OpenClGemm}), the elementwise kernels and channel bias ({@link OpenClElementwise}).
 * Programs are compiled on first use and cached on disk ({@link Programs}, {@link ProgramCache}).
 *
 * <p><b>Kernel families.</b> Every standard family has a class of its own, e.g. {@code
 * OpenClConvolution implements ConvolutionKernels}, taking this backend (its {@link #programs()}
 * build a {@code .cl} resource beside it; {@link #own} checks volumes), registered in {@link
 * OpenClFamilies}; a family left out would run through the host fallback (copies of the volumes).
 *
 * <p>Counts host-device transfers ({@link #transfers()}): reads, writes and uploads.
 */
public final class OpenClBackend implements Backend {
  private final DeviceSession session;
  private final Programs programs;
  private final OpenClGemm gemm;
  private final OpenClElementwise elementwise;
  private final Set<DeviceBuffer> live = ConcurrentHashMap.newKeySet();
  /** The families this backend implements itself ({@link OpenClFamilies}); the others run through the host fallback. */
  private final Map<Class<? extends KernelFamily>, KernelFamily> families;
  private volatile boolean closed;

  OpenClBackend(OpenClDevice device, ProgramCache cache) {
    this.session = new DeviceSession(device);
    this.programs = new Programs(session, cache);
    this.gemm = new OpenClGemm(programs, device.info());
    this.elementwise = new OpenClElementwise(this, programs, device.info());
    this.families = OpenClFamilies.create(this);
  }

  @Override
  public String name() {
    return OpenClBackendProvider.NAME;
  }

  /** The device this backend computes on. */
  DeviceInfo device() {
    return session.info();
  }

  /** Host-device transfers so far (each toArray, write and upload is one): what a training step moves. */
  public long transfers() {
    return session.transfers();
  }

  /** Waits for the device queue, so {@code --profile} times kernels rather than their enqueueing. */
  @Override
  public void finish() {
    session.finish();
  }

  @Override
  public long hostTransfers() {
    return transfers();
  }

  /** Every program build so far: where each came from (compiled, cached, rebuilt) and how long it took. */
  List<ProgramCache.Built> programBuilds() {
    return programs.builds();
  }

  DeviceSession session() {
    return session;
  }

  /** The compiled programs and their kernels, for the kernel families. */
  Programs programs() {
    return programs;
  }

  @Override
  public <F extends KernelFamily> Optional<F> nativeFamily(Class<F> family) {
    return Optional.ofNullable(families.get(family)).map(family::cast);
  }

  // ---- storage --------------------------------------------------------------------------

  @Override
  public Volume allocate(Shape shape) {
    OpenClVolume volume = allocateForOverwrite(shape);
    session.fill(volume.mem(), 0f, volume.size());
    return volume;
  }

  @Override
  public OpenClVolume allocateForOverwrite(Shape shape) {
    long floats = shape.intSize();
    return track(shape, session.allocate(floats, "a volume of shape " + shape), floats);
  }

  @Override
  public Volume upload(Shape shape, float[] values) {
    if (values.length != shape.size()) {
      throw new ShapeException("cannot upload " + values.length + " values as a volume of shape " + shape
          + " that holds " + shape.size());
    }
    OpenClVolume volume = track(shape, session.upload(values, "a volume of shape " + shape), values.length);
    volume.noteHostValues(values);
    return volume;
  }

  @Override
  public void copy(Volume src, Volume dst) {
    OpenClVolume s = own(src, "copy source");
    OpenClVolume d = own(dst, "copy destination").requireSize(s.size(), "copy destination");
    if (!s.sharesStorageWith(d)) {
      session.copy(s.mem(), d.mem(), s.size());
    }
  }

  @Override
  public void fill(Volume x, float value) {
    OpenClVolume v = own(x, "fill target");
    session.fill(v.mem(), value, v.size());
  }

  // ---- linear algebra and elementwise ---------------------------------------------------

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    gemm.gemm(transA, transB, alpha, own(a, "gemm a"), own(b, "gemm b"), beta, own(c, "gemm c"));
  }

  @Override
  public void axpby(float alpha, Volume x, float beta, Volume y) {
    OpenClVolume in = own(x, "axpby x");
    elementwise.axpby(alpha, in, beta, own(y, "axpby y").requireSize(in.size(), "axpby y"));
  }

  @Override
  public void scale(Volume x, float alpha) {
    elementwise.scale(own(x, "scale x"), alpha);
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    OpenClVolume left = own(a, "multiply a");
    elementwise.multiply(left, own(b, "multiply b").requireSize(left.size(), "multiply b"),
        own(out, "multiply out").requireSize(left.size(), "multiply out"));
  }

  @Override
  public void addChannelBias(Volume y, Volume bias) {
    OpenClVolume out = own(y, "addChannelBias y");
    ChannelLayout layout = ChannelLayout.of(out.shape(), "addChannelBias y");
    elementwise.addChannelBias(out, own(bias, "bias").requireSize(layout.channels(), "bias"), layout);
  }

  @Override
  public void accumulateChannelBiasGradient(Volume dy, Volume dBias) {
    OpenClVolume grad = own(dy, "accumulateChannelBiasGradient dy");
    ChannelLayout layout = ChannelLayout.of(grad.shape(), "accumulateChannelBiasGradient dy");
    elementwise.accumulateChannelBiasGradient(grad,
        own(dBias, "dBias").requireSize(layout.channels(), "dBias"), layout);
  }

  /** Releases every buffer still held, the programs, the queue and the context; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.finish();
      List.copyOf(live).forEach(DeviceBuffer::release);
      programs.close();
    } finally {
      session.close();
    }
  }

  @Override
  public String toString() {
    return "OpenClBackend[" + session.info().address() + " " + session.info().name() + "]";
  }

  /** The volume as this backend's own, open volume, or a clear error naming its role; for the families too. */
  OpenClVolume own(Volume v, String role) {
    return OpenClVolume.owned(v, this, role);
  }

  private OpenClVolume track(Shape shape, cl_mem mem, long floats) {
    DeviceBuffer buffer = new DeviceBuffer(mem, floats, live::remove);
    live.add(buffer);
    return OpenClVolume.owning(this, shape, buffer);
  }
}
