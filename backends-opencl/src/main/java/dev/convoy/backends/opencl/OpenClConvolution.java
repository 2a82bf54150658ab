package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ConvolutionKernels;
import org.jocl.cl_mem;

/**
 * {@link ConvolutionKernels} on the device: the three passes of {@code conv.cl}, each one launch
 * of an implicit GEMM over the whole batch and every group (no im2col matrix in memory), built
 * per geometry with {@code -D} constants. The filter gradient, a product with a long reduction
 * (every output position of the batch) and a small result, is cut into slices of positions summed
 * separately and then in slice order, so it fills the device and stays deterministic.
 */
final class OpenClConvolution implements ConvolutionKernels {
  private static final String SOURCE = "conv.cl";
  /** Work-groups per compute unit the filter gradient's slices aim for. */
  private static final int GROUPS_PER_UNIT = 4;
  /** Output positions a slice sums at least, and the most slices, bounding the partial sums' memory. */
  private static final int MIN_SLICE = 256;
  private static final int MAX_SLICES = 64;

  private final OpenClBackend backend;
  /** The device the tiles are chosen for: the backend's own, or another's in tests of every tiling. */
  private final DeviceInfo tiling;

  OpenClConvolution(OpenClBackend backend) {
    this(backend, backend.device());
  }

  OpenClConvolution(OpenClBackend backend, DeviceInfo tiling) {
    this.backend = backend;
    this.tiling = tiling;
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g) {
    forward(x, w, bias, null, null, y, g);
  }

  /**
   * {@code y = activation(conv(x, w) + bias + residual)}, rounding after each step; {@code bias},
   * {@code residual} and {@code activation} may each be null. For {@link OpenClFusedConvolution} too.
   */
  void forward(Volume x, Volume w, Volume bias, Volume residual, Activation activation, Volume y, ConvGeometry g) {
    OpenClVolume in = shaped(x, g.inputShape(), "conv x");
    OpenClVolume filters = shaped(w, g.filterShape(), "conv w");
    OpenClVolume b = bias == null ? null : backend.own(bias, "conv bias").requireSize(g.k(), "conv bias");
    OpenClVolume r = residual == null ? null : shaped(residual, g.outputShape(), "fused conv residual");
    OpenClVolume out = shaped(y, g.outputShape(), "conv y");
    Epilogue last = Epilogue.of(activation);
    int rows = g.k() / g.groups();
    int columns = g.n() * g.outH() * g.outW();
    OpenClConvolutionTiles tiles = OpenClConvolutionTiles.forRows(tiling, rows);
    // An absent bias or residual is never read; any buffer stands in for it.
    kernel(g, tiles, "conv_forward").call()
        .arg(in.mem()).arg(filters.mem())
        .arg(b == null ? filters.mem() : b.mem()).arg(b == null ? 0 : 1)
        .arg(r == null ? filters.mem() : r.mem()).arg(r == null ? 0 : 1)
        .arg(last.code()).arg(last.a()).arg(last.b())
        .arg(out.mem()).arg(g.n())
        .launch(tiles.global(rows, columns, g.groups()), tiles.local());
  }

  @Override
  public void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    OpenClVolume grad = shaped(dy, g.outputShape(), "conv dy");
    OpenClVolume filters = shaped(w, g.filterShape(), "conv w");
    OpenClVolume out = shaped(dx, g.inputShape(), "conv dx");
    int rows = g.c() / g.groups();
    int columns = g.n() * g.h() * g.w();
    OpenClConvolutionTiles tiles = OpenClConvolutionTiles.forRows(tiling, rows);
    kernel(g, tiles, "conv_backward_data").call()
        .arg(grad.mem()).arg(filters.mem()).arg(out.mem()).arg(g.n())
        .launch(tiles.global(rows, columns, g.groups()), tiles.local());
  }

  @Override
  public void accumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    OpenClVolume in = shaped(x, g.inputShape(), "conv x");
    OpenClVolume grad = shaped(dy, g.outputShape(), "conv dy");
    OpenClVolume out = shaped(dw, g.filterShape(), "conv dw");
    int rows = g.k() / g.groups();
    int columns = g.c() / g.groups() * g.kh() * g.kw();
    int positions = g.n() * g.outH() * g.outW();
    if (positions == 0) {
      return;
    }
    OpenClConvolutionTiles tiles = OpenClConvolutionTiles.forRows(tiling, rows);
    int sliceLength = sliceLength(positions, tiles.tileCount(rows, columns, g.groups()));
    int slices = (positions + sliceLength - 1) / sliceLength;
    if (slices == 1) {
      filterGradient(g, tiles, in, grad, out.mem(), sliceLength, 1);
      return;
    }
    int filterSize = out.size();
    cl_mem partial = backend.session().allocate((long) slices * filterSize, "the filter gradient's partial sums");
    try {
      filterGradient(g, tiles, in, grad, partial, sliceLength, slices);
      kernel(g, tiles, "conv_sum_slices").call().arg(partial).arg(out.mem()).arg(slices).launch(filterSize);
    } finally {
      // OpenCL frees it once the kernels above have run.
      clReleaseMemObject(partial);
    }
  }

  private void filterGradient(ConvGeometry g, OpenClConvolutionTiles tiles, OpenClVolume x, OpenClVolume dy,
      cl_mem out, int sliceLength, int slices) {
    int rows = g.k() / g.groups();
    int columns = g.c() / g.groups() * g.kh() * g.kw();
    kernel(g, tiles, "conv_filter_gradient").call()
        .arg(x.mem()).arg(dy.mem()).arg(out).arg(g.n()).arg(sliceLength).arg(slices)
        .launch(tiles.global(rows, columns, g.groups() * slices), tiles.local());
  }

  /**
   * Output positions per slice of the filter gradient: enough slices that the work-groups fill the
   * device ({@link #GROUPS_PER_UNIT} per compute unit), none shorter than {@link #MIN_SLICE}, at
   * most {@link #MAX_SLICES}; a whole number of reduction steps. Depends only on the shape and the
   * device, so the summation order is the same every run.
   */
  private int sliceLength(int positions, long tilesPerSlice) {
    long wanted = Math.max(1, (long) tiling.computeUnits() * GROUPS_PER_UNIT / tilesPerSlice);
    int slices = (int) Math.min(Math.min(wanted, MAX_SLICES), Math.max(1, positions / MIN_SLICE));
    int length = (positions + slices - 1) / slices;
    int step = OpenClConvolutionTiles.TK;
    return (length + step - 1) / step * step;
  }

  private ClKernel kernel(ConvGeometry g, OpenClConvolutionTiles tiles, String name) {
    return backend.programs().kernel(SOURCE, geometryOptions(g) + " " + tiles.options(), name);
  }

  /** The geometry as {@code conv.cl} reads it; the batch is an argument, so one build serves every batch size. */
  private static String geometryOptions(ConvGeometry g) {
    return "-DIN_C=" + g.c() + " -DIN_H=" + g.h() + " -DIN_W=" + g.w() + " -DFILTERS=" + g.k()
        + " -DK_H=" + g.kh() + " -DK_W=" + g.kw() + " -DSTRIDE_H=" + g.strideH() + " -DSTRIDE_W=" + g.strideW()
        + " -DPAD_T=" + g.padTop() + " -DPAD_L=" + g.padLeft() + " -DDIL_H=" + g.dilationH()
        + " -DDIL_W=" + g.dilationW() + " -DGROUPS=" + g.groups() + " -DOUT_H=" + g.outH() + " -DOUT_W=" + g.outW();
  }

  private OpenClVolume shaped(Volume v, Shape shape, String role) {
    OpenClVolume mine = backend.own(v, role);
    if (!mine.shape().equals(shape)) {
      throw new ShapeException(role + " has shape " + mine.shape() + " but " + shape + " is needed");
    }
    return mine;
  }

  /** The activation as {@code conv.cl}'s {@code activate} takes it: its ACT_ number and parameters. */
  private record Epilogue(int code, float a, float b) {
    static Epilogue of(Activation activation) {
      return switch (activation) {
        case null -> new Epilogue(0, 0f, 0f);
        case Activation.Relu r -> new Epilogue(1, 0f, 0f);
        case Activation.LeakyRelu leaky -> new Epilogue(2, leaky.alpha(), 0f);
        case Activation.Clip clip -> new Epilogue(3, clip.min(), clip.max());
        case Activation.Sigmoid s -> new Epilogue(4, 0f, 0f);
        case Activation.Tanh t -> new Epilogue(5, 0f, 0f);
      };
    }
  }
}
