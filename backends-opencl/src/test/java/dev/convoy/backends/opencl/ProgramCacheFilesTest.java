package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The program cache's folder and entry format, which need no device. */
class ProgramCacheFilesTest {

  @Test
  void entriesDecodeOnlyWhenWholeAndUnchanged() {
    byte[] entry = ProgramCache.encode(new byte[] {1, 2, 3, 4});
    assertArrayEquals(new byte[] {1, 2, 3, 4}, ProgramCache.decode(entry));
    byte[] flipped = entry.clone();
    flipped[flipped.length - 1] ^= 1;
    assertNull(ProgramCache.decode(flipped));
    assertNull(ProgramCache.decode(Arrays.copyOf(entry, entry.length - 1)));
    assertNull(ProgramCache.decode(new byte[0]));
  }

  @Test
  void theFolderIsThePropertyElseXdgElseHome() {
    Map<String, String> props = Map.of("user.home", "/home/u");
    assertEquals(Path.of("/tmp/c"), CacheFolder.resolve(Map.of(CacheFolder.PROPERTY, "/tmp/c")::get, n -> "/x"));
    assertEquals(Path.of("/x/convoy/opencl"), CacheFolder.resolve(props::get, Map.of("XDG_CACHE_HOME", "/x")::get));
    assertEquals(Path.of("/home/u/.cache/convoy/opencl"),
        CacheFolder.resolve(props::get, Map.of("XDG_CACHE_HOME", "relative")::get));
    assertEquals(Path.of("/home/u/.cache/convoy/opencl"), CacheFolder.resolve(props::get, n -> null));
  }
}
