package dev.convoy.backends.opencl;

import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateProgramWithBinary;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clGetProgramInfo;
import static org.jocl.CL.clReleaseProgram;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Compiled OpenCL programs on disk, so that a second start compiles nothing. An entry is keyed by
 * a SHA-256 of the source, the build options, the device and its driver version; it holds the
 * driver's binary behind a header with the binary's own digest. An entry is never trusted: a
 * digest that does not match, a binary the driver refuses or one that does not build is a
 * corrupt or stale entry, replaced by a build from source. Entries are written to a temporary
 * file and renamed into place, so a reader never sees half of one. A folder that cannot be
 * written only means every start compiles.
 */
final class ProgramCache {
  private static final System.Logger LOG = System.getLogger("dev.convoy.backends.opencl");
  private static final byte[] MAGIC = "CONVOYCL1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST = 32;

  /** Where a program came from. */
  enum Origin {
    /** Compiled from source: nothing was cached. */
    BUILT,
    /** Loaded from the cache. */
    CACHED,
    /** Compiled from source because the cached entry was corrupt or stale; the entry was replaced. */
    REBUILT
  }

  /** A built program (the caller releases it), where it came from and how long that took. */
  record Built(cl_program program, Origin origin, long millis) {}

  private final Path folder;

  /** A cache in {@code folder}; null for none. */
  ProgramCache(Path folder) {
    this.folder = folder;
  }

  /** The folder entries go to; null for none. */
  Path folder() {
    return folder;
  }

  /** The cache in the user's cache folder ({@link CacheFolder}). */
  static ProgramCache system() {
    return new ProgramCache(CacheFolder.system());
  }

  /** The file an entry for this program lives in (whether it exists or not); null without a folder. */
  Path entry(DeviceInfo device, String source, String options) {
    return folder == null ? null : folder.resolve(key(device, source, options) + ".bin");
  }

  /** {@code source} built for {@code device} with {@code options}: from the cache when a valid entry exists. */
  Built build(cl_context context, OpenClDevice device, String name, String source, String options) {
    long start = System.nanoTime();
    Path entry = entry(device.info(), source, options);
    boolean hadEntry = entry != null && Files.exists(entry);
    if (hadEntry) {
      cl_program cached = fromCache(context, device, entry);
      if (cached != null) {
        return new Built(cached, Origin.CACHED, millisSince(start));
      }
      LOG.log(System.Logger.Level.INFO, "OpenCL program cache entry {0} was corrupt or stale; rebuilding it", entry);
    }
    cl_program program = fromSource(context, device, name, source, options);
    if (entry != null) {
      store(program, entry);
    }
    return new Built(program, hadEntry ? Origin.REBUILT : Origin.BUILT, millisSince(start));
  }

  /** The program in {@code entry}, or null (and the entry deleted) when it is corrupt or the driver refuses it. */
  private static cl_program fromCache(cl_context context, OpenClDevice device, Path entry) {
    byte[] binary = readEntry(entry);
    if (binary == null) {
      deleteQuietly(entry);
      return null;
    }
    cl_program program = null;
    try {
      int[] status = new int[1];
      program = clCreateProgramWithBinary(context, 1, new cl_device_id[] {device.deviceId()},
          new long[] {binary.length}, new byte[][] {binary}, status, null);
      if (status[0] != 0) {
        throw new CLException("binary status " + status[0], status[0]);
      }
      clBuildProgram(program, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
      return program;
    } catch (CLException e) {
      if (program != null) {
        clReleaseProgram(program);
      }
      deleteQuietly(entry);
      return null;
    }
  }

  private static cl_program fromSource(cl_context context, OpenClDevice device, String name, String source,
      String options) {
    cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
    try {
      clBuildProgram(program, 1, new cl_device_id[] {device.deviceId()}, options, null, null);
      return program;
    } catch (CLException e) {
      String log = buildLog(program, device);
      clReleaseProgram(program);
      // JOCL's message repeats the whole log over several lines; the status and the first errors make one line.
      throw new ConvoyException("OpenCL could not compile " + name + " for " + device.info().name() + " ("
          + CL.stringFor_errorCode(e.getStatus()) + "): " + log.lines().filter(l -> l.contains("error"))
              .limit(3).reduce((a, b) -> a + " | " + b).orElse("no build log"));
    }
  }

  /** The binary of an entry whose header and digest check out, else null. */
  private static byte[] readEntry(Path entry) {
    try {
      return decode(Files.readAllBytes(entry));
    } catch (IOException e) {
      return null;
    }
  }

  /** An entry's bytes: a magic line, the binary's SHA-256, its length, then the binary. */
  static byte[] encode(byte[] binary) {
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + DIGEST + Long.BYTES + binary.length);
    out.put(MAGIC).put(sha256(binary)).putLong(binary.length).put(binary);
    return out.array();
  }

  /** The binary in an entry's bytes, or null when the header, length or digest do not check out. */
  static byte[] decode(byte[] entry) {
    int header = MAGIC.length + DIGEST + Long.BYTES;
    if (entry.length < header || !Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(entry);
    byte[] digest = new byte[DIGEST];
    in.position(MAGIC.length);
    in.get(digest);
    if (in.getLong() != entry.length - header) {
      return null;
    }
    byte[] binary = Arrays.copyOfRange(entry, header, entry.length);
    return MessageDigest.isEqual(digest, sha256(binary)) ? binary : null;
  }

  /** Writes the program's binary to {@code entry} through a temporary file and a rename; failures are only logged. */
  private static void store(cl_program program, Path entry) {
    Path temporary = null;
    try {
      byte[] binary = binaryOf(program);
      if (binary.length == 0) {
        return;
      }
      Files.createDirectories(entry.getParent());
      temporary = Files.createTempFile(entry.getParent(), entry.getFileName().toString(), ".tmp");
      Files.write(temporary, encode(binary));
      try {
        Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not cache an OpenCL program in {0}: {1}", entry, e.getMessage());
      if (temporary != null) {
        deleteQuietly(temporary);
      }
    }
  }

  private static byte[] binaryOf(cl_program program) {
    long[] sizes = new long[1];
    clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(sizes), null);
    byte[] binary = new byte[Math.toIntExact(sizes[0])];
    if (binary.length > 0) {
      clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)), null);
    }
    return binary;
  }

  private static String buildLog(cl_program program, OpenClDevice device) {
    try {
      long[] size = new long[1];
      clGetProgramBuildInfo(program, device.deviceId(), CL_PROGRAM_BUILD_LOG, 0, null, size);
      byte[] log = new byte[(int) size[0]];
      clGetProgramBuildInfo(program, device.deviceId(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
      return new String(log, StandardCharsets.UTF_8).replace("\0", "").trim();
    } catch (CLException e) {
      return "";
    }
  }

  private static String key(DeviceInfo device, String source, String options) {
    String identity = "convoy-opencl-program 1\n" + device.buildIdentity() + "\n" + options + "\n" + source;
    return HexFormat.of().formatHex(sha256(identity.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A stale file that cannot be deleted is overwritten by the next store, or ignored again.
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
