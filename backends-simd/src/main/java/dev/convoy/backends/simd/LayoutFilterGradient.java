package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The filter gradient {@code dW += dY x X_col^T} of a convolution whose input fits a {@link
 * PhaseLayout}, as one GEMM over the whole batch instead of one per image. The GEMM depth runs over
 * every image's output positions in turn: A is {@code dY}, packed once per call; B's row for
 * position {@code (oh, ow)} holds every filter tap's input value there, gathered from the laid-out
 * images straight into the packed panel, so no im2col matrix is stored, none is transposed, and
 * the layout's extra columns cost nothing. Tasks are
 * strips of filter taps and, when there are fewer strips than threads (few taps, as in a first
 * layer), parts of the batch that sum into scratch copies of the gradient, added at the end.
 */
final class LayoutFilterGradient {
  /** Floats of laid-out images and of packed {@code dY} made at once: 16 MiB each, whatever the batch. */
  static final int CHUNK_FLOATS = 4 << 20;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;
  private final ConvGeometry g;
  private final PhaseLayout layout;
  private final int kg;
  private final int cg;
  private final int taps;
  private final int positions;
  private final int imageStride;
  private final int[] tapOffsets;
  private final int chunkFloats;

  /** @param chunkFloats about how many floats of scratch one chunk of images may take ({@link #CHUNK_FLOATS}) */
  LayoutFilterGradient(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, ConvGeometry g,
      PhaseLayout layout, int chunkFloats) {
    this.chunkFloats = chunkFloats;
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
    this.g = g;
    this.layout = layout;
    this.kg = g.k() / g.groups();
    this.cg = g.c() / g.groups();
    this.taps = cg * g.kh() * g.kw();
    this.positions = g.outH() * g.outW();
    this.imageStride = layout.size();
    // Zeros (valid offsets) past the last tap, as Kernels.gather wants for a partial vector.
    this.tapOffsets = java.util.Arrays.copyOf(layout.tapOffsets(taps), taps + kernels.tileCols() + kernels.lanes());
  }

  void accumulate(float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
    int perImage = Math.max(imageStride, kg * positions);
    int chunk = Math.clamp(chunkFloats / perImage, 1, g.n());
    int nr = kernels.tileCols();
    int units = (taps + nr - 1) / nr;
    int strips = Math.min(units, Math.max(1, pool.threads() / g.groups()));
    int parts = Math.max(1, Math.min(chunk, pool.threads() / (g.groups() * strips)));
    int mr = BlockedGemm.tileRowsFor(kernels, kg);
    int gradientSize = kg * taps;
    Workspace shared = workspaces.borrow();
    try {
      for (int first = 0; first < g.n(); first += chunk) {
        int images = Math.min(chunk, g.n() - first);
        int depth = images * positions;
        float[] laidOut = shared.phases(images * imageStride);
        float[] packedDy = shared.weights(PanelSource.Prepacked.size(kg, depth, mr));
        float[] partial = parts > 1 ? shared.product((parts - 1) * g.groups() * gradientSize) : null;
        for (int group = 0; group < g.groups(); group++) {
          int imageZero = first;
          int groupNow = group;
          pool.forEach(images, image -> layout.build(kernels, x, xOff + ((imageZero + image) * g.c() + groupNow * cg)
              * g.h() * g.w(), laidOut, image * imageStride));
          PanelSource.Prepacked gradA = packDy(dy, dyOff, first, group, depth, mr, packedDy);
          PanelSource.A a = PanelSource.asA(gradA);
          PanelSource.B b = gatheredTaps(laidOut);
          pool.forEach(strips * parts, task -> {
            int strip = task / parts;
            int part = task % parts;
            int from = BlockedGemm.splitPoint(taps, nr, strip, strips);
            int to = BlockedGemm.splitPoint(taps, nr, strip + 1, strips);
            int k0 = depthBoundary(depth, part, parts);
            int k1 = depthBoundary(depth, part + 1, parts);
            if (from >= to || k0 >= k1) {
              return;
            }
            Workspace ws = workspaces.borrow();
            try {
              PanelSource.A aPart = k0 == 0 ? a : PanelSource.asA(deeper(gradA, k0));
              PanelSource.B bPart = shifted(b, k0, from);
              if (part == 0) {
                BlockedGemm.multiply(kernels, ws, kg, to - from, k1 - k0, 1f, aPart, bPart, 1f, dw,
                    dwOff + groupNow * gradientSize + from, taps);
              } else {
                BlockedGemm.multiply(kernels, ws, kg, to - from, k1 - k0, 1f, aPart, bPart, 0f, partial,
                    ((part - 1) * g.groups() + groupNow) * gradientSize + from, taps);
              }
            } finally {
              workspaces.giveBack(ws);
            }
          });
          for (int part = 1; part < parts; part++) {
            kernels.addInto(partial, ((part - 1) * g.groups() + group) * gradientSize, dw, dwOff + group * gradientSize,
                gradientSize);
          }
        }
      }
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /**
   * {@code dY} of this chunk's images and one group's filters ({@code kg x depth}, row {@code f}
   * being filter {@code f}'s planes one image after another), packed once as the GEMM's A; k blocks
   * are packed in parallel.
   */
  private PanelSource.Prepacked packDy(float[] dy, int dyOff, int firstImage, int group, int depth, int mr,
      float[] packed) {
    int paddedRows = (kg + mr - 1) / mr * mr;
    int blocks = (depth + BlockedGemm.KC - 1) / BlockedGemm.KC;
    pool.forEach(blocks, block -> {
      int k0 = block * BlockedGemm.KC;
      int kc = Math.min(BlockedGemm.KC, depth - k0);
      int blockStart = k0 * paddedRows;
      for (int r0 = 0; r0 < paddedRows; r0 += mr) {
        int rows = Math.min(mr, kg - r0);
        int panel = blockStart + r0 * kc;
        int image = firstImage + k0 / positions;
        int position = k0 % positions;
        int rowStart = dyOff + (image * g.k() + group * kg + r0) * positions;
        for (int p = 0; p < kc; p++) {
          int at = panel + p * mr;
          int src = rowStart + position;
          for (int i = 0; i < rows; i++) {
            packed[at + i] = dy[src + i * positions];
          }
          for (int i = rows; i < mr; i++) {
            packed[at + i] = 0f;
          }
          if (++position == positions) {
            position = 0;
            rowStart += g.k() * positions; // the next image's planes of the same filters
          }
        }
      }
    });
    return new PanelSource.Prepacked(packed, 0, kg, depth, mr, BlockedGemm.KC);
  }

  /**
   * B, {@code depth x taps}: row {@code k} is output position {@code k % positions} of image
   * {@code k / positions}, and tap {@code t} reads it at {@code tapOffsets[t]} from that position's
   * place in the laid-out image.
   */
  private PanelSource.B gatheredTaps(float[] laidOut) {
    int rowLength = layout.rowLength();
    return (k0, kc, j0, nc, nr, dst, dstOff) -> {
      for (int q0 = 0; q0 < nc; q0 += nr) {
        int cols = Math.min(nr, nc - q0);
        int panel = dstOff + q0 * kc;
        int image = k0 / positions;
        int oh = k0 % positions / g.outW();
        int ow = k0 % positions % g.outW();
        int base = image * imageStride + oh * rowLength + ow;
        for (int p = 0; p < kc; p++) {
          int at = panel + p * nr;
          kernels.gather(laidOut, base, tapOffsets, j0 + q0, dst, at, cols);
          if (cols < nr) {
            kernels.fill(dst, at + cols, nr - cols, 0f);
          }
          base++;
          if (++ow == g.outW()) {
            ow = 0;
            base += rowLength - g.outW();
            if (++oh == g.outH()) {
              oh = 0;
              image++;
              base = image * imageStride;
            }
          }
        }
      }
    };
  }

  /** Where part {@code part} of {@code parts} starts: on a packed block's edge, so its A is a view. */
  private static int depthBoundary(int depth, int part, int parts) {
    return part == parts ? depth : (int) ((long) depth * part / parts) / BlockedGemm.KC * BlockedGemm.KC;
  }

  /** The packed A from depth {@code k0} (a multiple of its block depth) on. */
  private static PanelSource.Prepacked deeper(PanelSource.Prepacked packed, int k0) {
    return new PanelSource.Prepacked(packed.data(), packed.offset() + k0 * packed.paddedRows(), packed.rows(),
        packed.depth() - k0, packed.mr(), packed.blockDepth());
  }

  /** {@code source} from depth {@code k0} and tap {@code from} on. */
  private static PanelSource.B shifted(PanelSource.B source, int k0, int from) {
    return (k, kc, j0, nc, nr, dst, dstOff) -> source.pack(k + k0, kc, j0 + from, nc, nr, dst, dstOff);
  }
}
