package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.BACKEND;
import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates a valid checkpoint (flipped bytes, truncation, inserted and deleted bytes, overwritten
 * varints) thousands of times with a fixed seed: every outcome must be a successful load or a
 * {@link ConvoyException}, each within a second, never another exception or an OutOfMemoryError.
 */
class FuzzTest {
  private static final int CASES = 3000;

  @TempDir
  Path dir;

  @Test
  void everyMutantLoadsOrFailsWithAConvoyException() throws IOException {
    Path original = dir.resolve("original.convoy");
    try (Model model = Model.create(Fixtures.smallNet(2), BACKEND, 17)) {
      // Small records, so the file has many record boundaries to hit.
      new CheckpointWriter(40).write(original, model, Map.of("labels", "a,b,c"), new TrainingState(1, 2, 17),
          new OptimizerState("sgd", Attributes.empty().with("lr", 0.1f), Map.of("v", new TensorData(Shape.of(2), new float[2]))));
    }
    byte[] good = Files.readAllBytes(original);
    Random random = new Random(20240611L);
    Path mutant = dir.resolve("mutant.convoy");
    int loaded = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = mutate(good, random);
      Files.write(mutant, bytes);
      long start = System.nanoTime();
      try {
        ConvoyCheckpoint.read(mutant, REGISTRY);
        loaded++;
      } catch (ConvoyException e) {
        refused++;
        assertTrue(e.getMessage().contains(mutant.toString()), e.getMessage());
        if (e.getMessage().contains("unexpected problem")) {
          fail("case " + i + " hit an unforeseen failure: " + e.getMessage() + " in " + Arrays.toString(bytes), e);
        }
      } catch (Throwable t) {
        fail("case " + i + " threw " + t + " instead of a ConvoyException", t);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 1000, "case " + i + " took " + millis + " ms");
    }
    assertTrue(refused > CASES / 2, "most mutants are refused: " + refused + " of " + CASES);
    assertTrue(loaded + refused == CASES);
  }

  private static byte[] mutate(byte[] good, Random random) {
    byte[] bytes = good.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        int flips = 1 + random.nextInt(4);
        for (int k = 0; k < flips; k++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 2 -> {
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        bytes = out;
      }
      case 3 -> {
        int at = random.nextInt(bytes.length);
        int length = Math.min(1 + random.nextInt(8), bytes.length - at);
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        bytes = out;
      }
      default -> {
        // Large or long varints where lengths and counts live: 0xff runs with a random end.
        int at = random.nextInt(bytes.length);
        int length = Math.min(1 + random.nextInt(10), bytes.length - at);
        Arrays.fill(bytes, at, at + length, (byte) 0xff);
        bytes[at + length - 1] = (byte) random.nextInt(0x80);
      }
    }
    return bytes;
  }
}
