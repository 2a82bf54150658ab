package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded mutations of a small valid model (flipped, overwritten, inserted and cut
 * bytes): each one imports or fails with a ConvoyException, never another exception or an error.
 */
class OnnxFuzzTest {
  @Test
  void mutatedModelsFailOnlyWithConvoyException() {
    fuzz(TinyModels.small().toByteArray(), Integer.getInteger("convoy.fuzz.cases", 4000), 1000);
  }

  /** PyTorch's exports with Mul, Transpose, Reshape, Squeeze and Unsqueeze on computed tensors and constants. */
  @ParameterizedTest
  @ValueSource(strings = {"mul_constants", "transposes", "squeezes_opset13"})
  void mutatedExportsWithTheLayoutOperatorsFailOnlyWithConvoyException(String name) throws IOException {
    fuzz(Files.readAllBytes(Path.of("src/test/resources/onnx-ops", name + ".onnx")),
        Integer.getInteger("convoy.fuzz.cases", 4000) / 4, 250);
  }

  private static void fuzz(byte[] valid, int cases, int minRefused) {
    Random random = new Random(Long.getLong("convoy.fuzz.seed", 20240601L));
    int refused = 0;
    for (int c = 0; c < cases; c++) {
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
    assertTrue(refused > minRefused, "most mutations should be refused, only " + refused + " were");
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
