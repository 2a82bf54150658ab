package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** im2col against its definition, col2im as its adjoint, and col2im's accumulation. */
abstract class Im2colConformance extends ConformanceCase {

  @Test
  void im2colMatchesTheDefinitionAndOverwrites() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      float[] x = new TckRandom(20).uniform((int) g.inputShape().size());
      int image = g.n() - 1; // the last image, so an offset mistake shows
      try (VolumeScope s = new VolumeScope(backend)) {
        Volume col = s.filled(g.colShape(), Float.NaN);
        backend.im2col(s.upload(g.inputShape(), x), image, g, col);
        float[] actual = col.toArray();
        VolumeAssertions.assertNoNaN(actual, "im2col " + c);
        VolumeAssertions.assertClose(DirectConv.im2col(g, x, image), actual, 0, "im2col " + c);
      }
    }
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(21);
      float[] x = random.uniform((int) g.inputShape().size());
      float[] cols = random.uniform((int) g.colShape().size());
      int image = g.n() - 1;
      try (VolumeScope s = new VolumeScope(backend)) {
        Volume col = s.allocate(g.colShape());
        backend.im2col(s.upload(g.inputShape(), x), image, g, col);
        Volume dx = s.allocate(g.inputShape());
        backend.col2im(s.upload(g.colShape(), cols), g, dx, image);
        double left = dot(col.toArray(), cols);
        double right = dot(x, dx.toArray());
        double scale = absDot(col.toArray(), cols) + 1e-6;
        assertEquals(left, right, 1e-5 * scale, "<im2col(x), c> == <x, col2im(c)> for " + c);
        float[] dxValues = dx.toArray();
        int imageSize = g.c() * g.h() * g.w();
        for (int i = 0; i < image * imageSize; i++) {
          assertEquals(0f, dxValues[i], "col2im into image " + image + " must leave other images alone (" + c + ")");
        }
      }
    }
  }

  @Test
  void col2imAddsToWhatIsThere() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(22);
      float[] start = random.uniform((int) g.inputShape().size());
      float[] cols = random.uniform((int) g.colShape().size());
      try (VolumeScope s = new VolumeScope(backend)) {
        Volume fromZero = s.allocate(g.inputShape());
        backend.col2im(s.upload(g.colShape(), cols), g, fromZero, 0);
        Volume fromStart = s.upload(g.inputShape(), start);
        backend.col2im(s.upload(g.colShape(), cols), g, fromStart, 0);
        float[] expected = fromZero.toArray();
        for (int i = 0; i < expected.length; i++) {
          expected[i] += start[i];
        }
        VolumeAssertions.assertClose(expected, fromStart.toArray(), 1e-6, "col2im accumulates, " + c);
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      assertMatchesOracle("im2col then col2im " + c, s -> {
        TckRandom random = new TckRandom(23);
        Volume col = s.allocate(g.colShape());
        s.backend().im2col(s.upload(g.inputShape(), random.uniform((int) g.inputShape().size())), 0, g, col);
        Volume dx = s.upload(g.inputShape(), random.uniform((int) g.inputShape().size()));
        s.backend().col2im(s.upload(g.colShape(), random.uniform((int) g.colShape().size())), g, dx, 0);
        return concat(col.toArray(), dx.toArray());
      });
    }
  }
}
