package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-system probe that runs before JOCL is touched: which loader, which driver, and the messages. */
class LoaderProbeTest {
  @TempDir
  Path dir;

  private LoaderProbe probe(List<Path> folders, Path ldCache, Path vendors, Map<String, String> environment) {
    return new LoaderProbe(folders, ldCache, List.of(), vendors, environment::get, true);
  }

  private Path folder(String name, String... files) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    for (String file : files) {
      Files.writeString(folder.resolve(file), "");
    }
    return folder;
  }

  @Test
  void anEmptyLibraryPathHasNoLoader() throws IOException {
    LoaderProbe.Result result = probe(List.of(folder("lib")), dir.resolve("no-cache"), folder("vendors", "pocl.icd"),
        Map.of()).check();

    assertFalse(result.found());
    assertEquals("no OpenCL loader (install ocl-icd-libopencl1 and a driver such as pocl-opencl-icd)",
        result.problem());
  }

  @Test
  void anEmptyLibraryPathSaysSoThroughTheWholeProbeWithoutTouchingJocl() throws IOException {
    OpenClProbe.Result result = OpenClProbe.run(probe(List.of(folder("lib")), null, folder("vendors"), Map.of()));

    assertFalse(result.available());
    assertEquals(LoaderProbe.NO_LOADER, result.problem());
  }

  @Test
  void aLoaderWithoutAnyDriverSaysToInstallOne() throws IOException {
    LoaderProbe.Result result = probe(List.of(folder("lib", "libOpenCL.so.1")), null, folder("vendors"), Map.of())
        .check();

    assertEquals(LoaderProbe.NO_DRIVER, result.problem());
    assertTrue(result.problem().contains("pocl-opencl-icd"), result.problem());
  }

  @Test
  void theVersionedLoaderAloneIsFoundAndNeedsTheAlias() throws IOException {
    Path lib = folder("lib", "libOpenCL.so.1");
    LoaderProbe.Result result = probe(List.of(lib), null, folder("vendors", "pocl.icd"), Map.of()).check();

    assertTrue(result.found(), result.problem());
    assertEquals(lib.resolve("libOpenCL.so.1"), result.loader());
    assertFalse(result.unversioned(), "JOCL cannot open libOpenCL.so.1 by itself");
  }

  @Test
  void theUnversionedLoaderIsPreferredInAnyFolder() throws IOException {
    Path first = folder("first", "libOpenCL.so.1");
    Path second = folder("second", "libOpenCL.so");
    LoaderProbe.Result result = probe(List.of(first, second), null, folder("vendors", "x.icd"), Map.of()).check();

    assertEquals(second.resolve("libOpenCL.so"), result.loader());
    assertTrue(result.unversioned());
  }

  @Test
  void anUnversionedLoaderWhereTheLinkerDoesNotLookNeedsTheAliasToo() throws IOException {
    Path vendorFolder = folder("cuda-lib64", "libOpenCL.so");
    LoaderProbe.Result result = new LoaderProbe(List.of(folder("lib")), null, List.of(vendorFolder),
        folder("vendors", "nvidia.icd"), name -> null, true).check();

    assertEquals(vendorFolder.resolve("libOpenCL.so"), result.loader());
    assertFalse(result.unversioned(), "JOCL's dlopen(\"libOpenCL.so\") would not search " + vendorFolder);
  }

  @Test
  void theLdCacheNamesFoldersBeyondTheUsualOnes() throws IOException {
    Path hidden = folder("opt-vendor-lib", "libOpenCL.so.1");
    Path cache = dir.resolve("ld.so.cache");
    // The binary cache holds NUL-terminated names and paths among other bytes.
    Files.write(cache, ("glibc-ld.so.cache1.1\0\1\2libOpenCL.so.1\0" + hidden.resolve("libOpenCL.so.1") + "\0libc.so.6\0")
        .getBytes(StandardCharsets.ISO_8859_1));
    LoaderProbe.Result result = probe(List.of(folder("empty")), cache, folder("vendors", "pocl.icd"), Map.of()).check();

    assertEquals(hidden.resolve("libOpenCL.so.1"), result.loader());
  }

  @Test
  void theEnvironmentCanNameTheDrivers() throws IOException {
    Path lib = folder("lib", "libOpenCL.so.1");
    Path empty = folder("vendors");
    Path elsewhere = folder("elsewhere", "nvidia.icd");

    assertTrue(probe(List.of(lib), null, empty, Map.of("OCL_ICD_VENDORS", elsewhere.toString())).check().found());
    assertFalse(probe(List.of(lib), null, empty, Map.of("OCL_ICD_VENDORS", empty.toString())).check().found());
    assertTrue(probe(List.of(lib), null, empty, Map.of("OCL_ICD_FILENAMES", "/opt/libpocl.so")).check().found());
  }

  @Test
  void otherSystemsLeaveTheLoaderToJocl() {
    LoaderProbe.Result result = new LoaderProbe(List.of(), null, List.of(), null, name -> null, false).check();

    assertTrue(result.found());
    assertTrue(result.unversioned());
  }
}
