package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.ConvoyException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded mutations of a small valid model (flipped, overwritten, inserted and cut
 * bytes): each one imports or fails with a ConvoyException, never another exception or an error.
 */
class OnnxFuzzTest {
  @Test
  void mutatedModelsFailOnlyWithConvoyException() {
    byte[] valid = TinyModels.small().toByteArray();
    Random random = new Random(Long.getLong("convoy.fuzz.seed", 20240601L));
    int refused = 0;
    for (int c = 0; c < Integer.getInteger("convoy.fuzz.cases", 4000); c++) {
      byte[] bytes = mutate(valid, random);
      try {
        OnnxImporter.read(bytes, OnnxImporterTest.REGISTRY, 0, "case " + c);
      } catch (ConvoyException e) {
        refused++;
      } catch (Throwable t) {
        fail("case " + c + " escaped with " + t + " at "
            + java.util.Arrays.toString(java.util.Arrays.copyOf(t.getStackTrace(), 4)), t);
      }
    }
    assertTrue(refused > 1000, "most mutations should be refused, only " + refused + " were");
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
      default -> {
        int at = random.nextInt(b.length);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) random.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        b = out;
      }
    }
    return b;
  }
}
