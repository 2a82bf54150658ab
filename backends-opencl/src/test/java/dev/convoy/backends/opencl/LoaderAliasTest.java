package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The SONAME patch that lets JOCL open a loader installed only as libOpenCL.so.1 (no loading here). */
class LoaderAliasTest {

  @Test
  void theInstalledLoaderGetsTheUnversionedSonameAndNothingElseChanges() throws IOException {
    LoaderProbe.Result found = LoaderProbe.system().check();
    assumeTrue(found.found() && found.loader() != null && found.loader().endsWith(LoaderProbe.VERSIONED),
        "no libOpenCL.so.1 installed here to patch a copy of");
    byte[] original = Files.readAllBytes(found.loader());

    byte[] patched = LoaderAlias.withUnversionedSoname(original);

    assertEquals(original.length, patched.length);
    int changed = 0;
    for (int i = 0; i < original.length; i++) {
      if (original[i] != patched[i]) {
        changed++;
        assertEquals(0, patched[i], "only the version suffix is overwritten, with NULs");
      }
    }
    assertEquals(".1".length(), changed, "libOpenCL.so.1 becomes libOpenCL.so");
    String text = new String(patched, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("\0libOpenCL.so\0"), "the SONAME now reads libOpenCL.so");
  }

  @Test
  void anythingButAnElfLibraryIsRefusedWithAReason() {
    IOException e = assertThrows(IOException.class,
        () -> LoaderAlias.withUnversionedSoname("not a library".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("ELF"), e.getMessage());
  }

  @Test
  void aTruncatedLibraryIsRefusedNotMisread() throws IOException {
    LoaderProbe.Result found = LoaderProbe.system().check();
    assumeTrue(found.found() && found.loader() != null && found.loader().endsWith(LoaderProbe.VERSIONED),
        "no libOpenCL.so.1 installed here");
    byte[] original = Files.readAllBytes(found.loader());
    byte[] head = Arrays.copyOf(original, 256);

    assertThrows(IOException.class, () -> LoaderAlias.withUnversionedSoname(head));
  }

  @Test
  void theProbeOnThisMachineAnswersWithoutThrowing() {
    OpenClProbe.Result result = OpenClProbe.system();
    assertTrue(result.available() || !result.problem().isBlank(), "unavailable needs a reason");
  }
}
