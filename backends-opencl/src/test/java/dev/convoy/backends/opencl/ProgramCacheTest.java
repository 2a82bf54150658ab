package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program cache on a real device: a second build reads it; corrupt or stale entries are rebuilt, never trusted. */
class ProgramCacheTest {
  private static final String SOURCE = "#pragma OPENCL FP_CONTRACT OFF\n"
      + "__kernel void twice(__global float* x) { x[get_global_id(0)] *= 2.0f; }\n";

  @TempDir
  Path folder;

  private DeviceSession session;

  @BeforeEach
  void open() {
    session = new DeviceSession(OpenClTestDevice.device());
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }

  private ProgramCache.Origin build(ProgramCache cache, String source, String options) {
    ProgramCache.Built built = cache.build(session.context(), session.device(), "test.cl", source, options);
    clReleaseProgram(built.program());
    return built.origin();
  }

  @Test
  void theSecondBuildReadsTheCacheEvenFromAnotherInstance() {
    assertEquals(ProgramCache.Origin.BUILT, build(new ProgramCache(folder), SOURCE, ""));
    Path entry = new ProgramCache(folder).entry(session.info(), SOURCE, "");
    assertTrue(Files.isRegularFile(entry), "the build was stored at " + entry);

    assertEquals(ProgramCache.Origin.CACHED, build(new ProgramCache(folder), SOURCE, ""));
  }

  @Test
  void sourceAndOptionsAreBothPartOfTheKey() {
    ProgramCache cache = new ProgramCache(folder);
    assertEquals(ProgramCache.Origin.BUILT, build(cache, SOURCE, ""));
    assertEquals(ProgramCache.Origin.BUILT, build(cache, SOURCE, "-DUNUSED=1"));
    assertEquals(ProgramCache.Origin.BUILT, build(cache, SOURCE + "\n// changed\n", ""));
    assertNotEquals(cache.entry(session.info(), SOURCE, ""), cache.entry(session.info(), SOURCE, "-DUNUSED=1"));
  }

  @Test
  void aCorruptEntryIsRebuiltAndReplaced() throws IOException {
    ProgramCache cache = new ProgramCache(folder);
    build(cache, SOURCE, "");
    Path entry = cache.entry(session.info(), SOURCE, "");
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(entry, bytes);

    assertEquals(ProgramCache.Origin.REBUILT, build(cache, SOURCE, ""));
    assertEquals(ProgramCache.Origin.CACHED, build(cache, SOURCE, ""), "the rebuilt entry was written back");
  }

  @Test
  void aTruncatedOrEmptyEntryIsRebuilt() throws IOException {
    ProgramCache cache = new ProgramCache(folder);
    build(cache, SOURCE, "");
    Path entry = cache.entry(session.info(), SOURCE, "");
    Files.write(entry, new byte[0]);

    assertEquals(ProgramCache.Origin.REBUILT, build(cache, SOURCE, ""));
  }

  @Test
  void aStaleEntryWithAValidDigestButABinaryTheDriverRefusesIsRebuilt() throws IOException {
    ProgramCache cache = new ProgramCache(folder);
    Path entry = cache.entry(session.info(), SOURCE, "");
    Files.createDirectories(entry.getParent());
    // Well formed, digest and all, as a binary an older driver wrote would be: only the driver can refuse it.
    Files.write(entry, ProgramCache.encode("a binary from another driver".getBytes(StandardCharsets.US_ASCII)));

    assertEquals(ProgramCache.Origin.REBUILT, build(cache, SOURCE, ""));
    assertEquals(ProgramCache.Origin.CACHED, build(cache, SOURCE, ""));
  }

  @Test
  void noFolderMeansEveryBuildCompiles() {
    ProgramCache none = new ProgramCache(null);
    assertEquals(ProgramCache.Origin.BUILT, build(none, SOURCE, ""));
    assertEquals(ProgramCache.Origin.BUILT, build(none, SOURCE, ""));
  }

  @Test
  void anUnwritableFolderOnlyMeansNoCache() throws IOException {
    Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
    ProgramCache cache = new ProgramCache(file.resolve("cache"));
    assertEquals(ProgramCache.Origin.BUILT, build(cache, SOURCE, ""));
  }

  @Test
  void aSourceThatDoesNotCompileSaysSoInOneLine() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> build(new ProgramCache(folder), "__kernel void broken( { }", ""));
    assertTrue(e.getMessage().startsWith("OpenCL could not compile test.cl"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
