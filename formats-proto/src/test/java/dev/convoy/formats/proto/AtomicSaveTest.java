package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.BACKEND;
import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.runtime.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicSaveTest {
  @TempDir
  Path dir;

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWriteThatFailsHalfwayLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.convoy");
    Model model = Model.create(Fixtures.smallNet(2), BACKEND, 1);
    ConvoyCheckpoint.write(file, model, Map.of("good", "yes"), TrainingState.start(1));
    byte[] good = Files.readAllBytes(file);
    // A closed model fails when its parameter values are read: after the header has been written.
    model.close();
    // Shapes still answer, so the writer gets past the header and fails inside the temporary file.
    assertEquals(model.parameters().getFirst().value().shape(), model.network().node("conv1").layer().parameters().getFirst().shape());
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> ConvoyCheckpoint.write(file, model, Map.of("good", "no"), TrainingState.start(1)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(file));
    assertEquals(List.of("model.convoy"), filesInDir());
    assertEquals("yes", ConvoyCheckpoint.read(file, REGISTRY).metadata().get("good"));
  }

  @Test
  void aSuccessfulWriteReplacesTheFileWhole() throws IOException {
    Path file = dir.resolve("model.convoy");
    try (Model first = Model.create(Fixtures.smallNet(2), BACKEND, 1);
        Model second = Model.create(Fixtures.smallNet(2), BACKEND, 2)) {
      ConvoyCheckpoint.write(file, first, Map.of(), TrainingState.start(1));
      byte[] before = Files.readAllBytes(file);
      ConvoyCheckpoint.write(file, second, Map.of(), TrainingState.start(2));
      assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(file)));
      assertArrayEquals(second.parameter("fc2.weight").value().toArray(),
          ConvoyCheckpoint.read(file, REGISTRY).parameter("fc2.weight").values());
      assertEquals(List.of("model.convoy"), filesInDir());
    }
  }

  @Test
  void aMissingDirectoryIsReportedAndNothingIsCreated() throws IOException {
    Path file = dir.resolve("no-such-dir").resolve("model.convoy");
    try (Model model = Model.create(Fixtures.smallNet(1), BACKEND, 1)) {
      ConvoyException e = assertThrows(ConvoyException.class,
          () -> ConvoyCheckpoint.write(file, model, Map.of(), TrainingState.start(1)));
      assertTrue(e.getMessage().contains("cannot write " + file), e.getMessage());
      assertTrue(e.getMessage().contains("previous file, if any, is unchanged"), e.getMessage());
    }
    assertFalse(Files.exists(file.getParent()));
    assertEquals(List.of(), filesInDir());
  }

  @Test
  void nullMetadataValuesAreRefusedBeforeAnythingIsWritten() throws IOException {
    Map<String, String> metadata = new java.util.HashMap<>();
    metadata.put("labels", null);
    try (Model model = Model.create(Fixtures.smallNet(1), BACKEND, 1)) {
      ConvoyException e = assertThrows(ConvoyException.class,
          () -> ConvoyCheckpoint.write(dir.resolve("m.convoy"), model, metadata, TrainingState.start(1)));
      assertTrue(e.getMessage().contains("labels=null"), e.getMessage());
    }
    assertEquals(List.of(), filesInDir());
  }
}
