package dev.convoy.backends.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Looks on the file system for an OpenCL ICD loader ({@code libOpenCL.so}) and at least one driver
 * (an ICD), loading nothing: JOCL's native initialiser runs in a static initialiser that cannot be
 * retried once it failed, so the provider asks here first and touches JOCL only when both exist.
 * Linux only; elsewhere the loader's place is the platform's business and JOCL is asked directly.
 */
final class LoaderProbe {
  static final String NO_LOADER = "no OpenCL loader (install ocl-icd-libopencl1 and a driver such as pocl-opencl-icd)";
  static final String NO_DRIVER = "no OpenCL driver (no .icd file in /etc/OpenCL/vendors or OCL_ICD_VENDORS; install"
      + " one such as pocl-opencl-icd, or your GPU vendor's OpenCL driver)";

  /** The name JOCL 2.0.5 opens; only the -dev package installs it, the runtime package has the versioned one. */
  static final String UNVERSIONED = "libOpenCL.so";
  static final String VERSIONED = "libOpenCL.so.1";

  /**
   * What was found: {@code loader} is the file to use, {@code unversioned} whether JOCL can open it
   * by its own name (it is {@code libOpenCL.so} in a folder the dynamic linker searches); {@code
   * problem} is set (and the rest null) when OpenCL cannot work here.
   */
  record Result(Path loader, boolean unversioned, String problem) {
    static Result missing(String problem) {
      return new Result(null, false, problem);
    }

    boolean found() {
      return problem == null;
    }
  }

  private final List<Path> searched;
  private final List<Path> extra;
  private final Path ldCache;
  private final Path vendors;
  private final UnaryOperator<String> environment;
  private final boolean linux;

  /**
   * A probe looking in {@code searched} (folders the dynamic linker searches), then in the folders
   * of the paths named in {@code ldCache} (the binary /etc/ld.so.cache, whose strings include
   * every library path), then in {@code extra} (where vendors install a loader the linker may not
   * search), with ICD files in {@code vendors} unless the environment names them
   * ({@code OCL_ICD_VENDORS}, {@code OCL_ICD_FILENAMES}).
   */
  LoaderProbe(List<Path> searched, Path ldCache, List<Path> extra, Path vendors, UnaryOperator<String> environment,
      boolean linux) {
    this.searched = List.copyOf(searched);
    this.extra = List.copyOf(extra);
    this.ldCache = ldCache;
    this.vendors = vendors;
    this.environment = environment;
    this.linux = linux;
  }

  /** The probe of this machine: LD_LIBRARY_PATH, the linker's default folders, the ld cache, then vendors' folders. */
  static LoaderProbe system() {
    List<Path> searched = new ArrayList<>();
    String libraryPath = System.getenv("LD_LIBRARY_PATH");
    if (libraryPath != null) {
      for (String entry : libraryPath.split(":")) {
        if (!entry.isBlank()) {
          searched.add(Path.of(entry));
        }
      }
    }
    for (String folder : List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
      searched.add(Path.of(folder));
    }
    String triplet = switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> "x86_64-linux-gnu";
      case "aarch64" -> "aarch64-linux-gnu";
      default -> System.getProperty("os.arch", "") + "-linux-gnu";
    };
    // Usually in the ld cache too; looked at in case the cache is stale.
    List<Path> extra = List.of(Path.of("/usr/lib/" + triplet), Path.of("/lib/" + triplet), Path.of("/usr/local/lib"),
        Path.of("/usr/local/cuda/lib64"), Path.of("/opt/rocm/lib"));
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    return new LoaderProbe(searched, Path.of("/etc/ld.so.cache"), extra, Path.of("/etc/OpenCL/vendors"),
        System::getenv, linux);
  }

  /** Where the loader is, or why OpenCL cannot work here. */
  Result check() {
    if (!linux) {
      return new Result(null, true, null);
    }
    Set<Path> linked = linkerFolders();
    Set<Path> all = new LinkedHashSet<>(linked);
    all.addAll(extra);
    Path openable = first(linked, UNVERSIONED);
    Path other = first(all, VERSIONED) != null ? first(all, VERSIONED) : first(all, UNVERSIONED);
    if (openable == null && other == null) {
      return Result.missing(NO_LOADER);
    }
    if (!hasDriver()) {
      return Result.missing(NO_DRIVER);
    }
    // Found but not under the name JOCL opens, or not where the linker looks: LoaderAlias loads it first.
    return openable != null ? new Result(openable, true, null) : new Result(other, false, null);
  }

  /** The first {@code name} in {@code folders}, or null. */
  private static Path first(Set<Path> folders, String name) {
    for (Path folder : folders) {
      if (Files.isRegularFile(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    return null;
  }

  /** The folders the dynamic linker searches: those given, then those of every libOpenCL path in the ld cache. */
  private Set<Path> linkerFolders() {
    Set<Path> all = new LinkedHashSet<>(searched);
    for (Path cached : cachedLoaderPaths()) {
      if (cached.getParent() != null) {
        all.add(cached.getParent());
      }
    }
    return all;
  }

  /** The absolute libOpenCL paths among the NUL-separated strings of the ld cache; none when it is unreadable. */
  private List<Path> cachedLoaderPaths() {
    List<Path> paths = new ArrayList<>();
    if (ldCache == null || !Files.isReadable(ldCache)) {
      return paths;
    }
    try {
      String text = new String(Files.readAllBytes(ldCache), StandardCharsets.ISO_8859_1);
      for (String entry : text.split("\0")) {
        if (entry.startsWith("/") && (entry.endsWith("/" + UNVERSIONED) || entry.endsWith("/" + VERSIONED))) {
          paths.add(Path.of(entry));
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable or odd cache only means fewer places to look.
    }
    return paths;
  }

  /** Whether the loader will find a driver: named by the environment, or an .icd file in the vendors folder. */
  private boolean hasDriver() {
    String filenames = environment.apply("OCL_ICD_FILENAMES");
    if (filenames != null && !filenames.isBlank()) {
      return true;
    }
    String named = environment.apply("OCL_ICD_VENDORS");
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named);
      // ocl-icd also accepts a library name here; only a folder can be checked.
      return !Files.isDirectory(path) || hasIcdFile(path);
    }
    return hasIcdFile(vendors);
  }

  private static boolean hasIcdFile(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      return false;
    }
    try (DirectoryStream<Path> icds = Files.newDirectoryStream(folder, "*.icd")) {
      return icds.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }
}
