package dev.convoy.tck;

import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
import java.util.ArrayList;
import java.util.List;

/**
 * The pooling geometries every pool kernel is checked on, for each {@link PoolKind} (and for
 * average pooling with and without {@code countIncludePad}): the notes' 2x2/2 and overlapping
 * 3x3/2, ceil-mode partial windows, padding, 1x1 images, a window as large as the input, stride
 * larger than the window, asymmetric padding and rectangular windows.
 */
public final class PoolCases {
  private PoolCases() {}

  /** A named geometry; the name appears in failure messages. */
  public record Case(String name, PoolGeometry g) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Window settings without the kind, combined with every kind by {@link #all()}. */
  private record Window(String name, int n, int c, int h, int w, int kh, int kw, int strideH, int strideW,
      int padTop, int padLeft, int padBottom, int padRight, Rounding rounding) {}

  private static final List<Window> WINDOWS = List.of(
      new Window("2x2 stride 2", 2, 3, 8, 6, 2, 2, 2, 2, 0, 0, 0, 0, Rounding.EXACT),
      new Window("overlapping 3x3 stride 2", 2, 2, 7, 9, 3, 3, 2, 2, 0, 0, 0, 0, Rounding.EXACT),
      new Window("ceil mode 2x2 stride 2 on 5x7", 2, 2, 5, 7, 2, 2, 2, 2, 0, 0, 0, 0, Rounding.CEIL),
      new Window("ceil mode 3x3 stride 2 pad 1 on 6x6", 1, 2, 6, 6, 3, 3, 2, 2, 1, 1, 1, 1, Rounding.CEIL),
      new Window("pad 1, 3x3 stride 1", 1, 3, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, Rounding.EXACT),
      new Window("1x1 image", 1, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, Rounding.EXACT),
      new Window("window == input (global)", 2, 3, 4, 5, 4, 5, 1, 1, 0, 0, 0, 0, Rounding.EXACT),
      new Window("stride 3 > window 2", 1, 2, 8, 8, 2, 2, 3, 3, 0, 0, 0, 0, Rounding.FLOOR),
      new Window("asymmetric pads 1/0/0/1", 2, 2, 5, 6, 2, 3, 2, 2, 1, 0, 0, 1, Rounding.FLOOR),
      new Window("rectangular 2x3 window, stride 1x2, ceil", 1, 2, 6, 9, 2, 3, 1, 2, 0, 1, 0, 1, Rounding.CEIL));

  /** Every window for MAX, AVERAGE (count_include_pad true and false) and L2. */
  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (Window window : WINDOWS) {
      cases.add(of(PoolKind.MAX, false, window));
      cases.add(of(PoolKind.AVERAGE, true, window));
      cases.add(of(PoolKind.AVERAGE, false, window));
      cases.add(of(PoolKind.L2, false, window));
    }
    return cases;
  }

  /** Only the MAX cases. */
  public static List<Case> max() {
    return all().stream().filter(c -> c.g().kind() == PoolKind.MAX).toList();
  }

  /** A geometry with output sizes from {@link SpatialArithmetic}. */
  public static PoolGeometry geometry(PoolKind kind, int n, int c, int h, int w, int kh, int kw, int strideH,
      int strideW, int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad, Rounding rounding) {
    int outH = SpatialArithmetic.outputSize("tck", "H", h, kh, strideH, padTop, padBottom, 1, rounding);
    int outW = SpatialArithmetic.outputSize("tck", "W", w, kw, strideW, padLeft, padRight, 1, rounding);
    return new PoolGeometry(kind, n, c, h, w, kh, kw, strideH, strideW, padTop, padLeft, padBottom, padRight,
        countIncludePad, outH, outW);
  }

  private static Case of(PoolKind kind, boolean countIncludePad, Window s) {
    String name = kind + (kind == PoolKind.AVERAGE ? (countIncludePad ? " incl. pad" : " excl. pad") : "") + ", "
        + s.name();
    return new Case(name, geometry(kind, s.n(), s.c(), s.h(), s.w(), s.kh(), s.kw(), s.strideH(), s.strideW(),
        s.padTop(), s.padLeft(), s.padBottom(), s.padRight(), countIncludePad, s.rounding()));
  }
}
