package dev.convoy.backends.opencl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes an ICD loader installed only as {@code libOpenCL.so.1} (or outside the folders the dynamic
 * linker searches) visible to JOCL, which opens it as {@code libOpenCL.so}: a name only the -dev
 * package ({@code ocl-icd-opencl-dev}) installs, so a machine with just the runtime (Debian's
 * {@code ocl-icd-libopencl1}, most GPU drivers) would fail.
 *
 * <p>The dynamic linker hands out an already loaded library to anyone who opens its SONAME. So a
 * copy of the loader whose SONAME reads {@code libOpenCL.so} is loaded first; JOCL's {@code
 * dlopen("libOpenCL.so")} then finds that copy. The copy differs from the loader only in the
 * SONAME string's version suffix, overwritten with NULs; it is loaded from a private temporary
 * folder and deleted at once (the mapping stays).
 */
final class LoaderAlias {
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final long DT_NULL = 0;
  private static final long DT_STRTAB = 5;
  private static final long DT_SONAME = 14;

  private LoaderAlias() {}

  /** Loads a copy of {@code versionedLoader} that answers to {@code libOpenCL.so}. */
  @SuppressWarnings("restricted") // System.load: allowed by --enable-native-access, as JOCL's own loading is
  static void load(Path versionedLoader) throws IOException {
    byte[] patched = withUnversionedSoname(Files.readAllBytes(versionedLoader));
    Path folder = Files.createTempDirectory("convoy-opencl-loader");
    Path copy = folder.resolve(LoaderProbe.UNVERSIONED);
    try {
      Files.write(copy, patched);
      System.load(copy.toString());
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(folder);
    }
  }

  /**
   * {@code elf} (a 64-bit little-endian shared library whose SONAME is {@code libOpenCL.so.N})
   * with the SONAME cut to {@code libOpenCL.so}, or unchanged when it already is that; an
   * IOException saying why for anything else.
   */
  static byte[] withUnversionedSoname(byte[] elf) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    if (elf.length < 64 || in.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1) {
      throw new IOException("not a 64-bit little-endian ELF library");
    }
    int at = sonameOffset(in);
    int end = at;
    while (end < elf.length && elf[end] != 0) {
      end++;
    }
    String soname = new String(elf, at, end - at, StandardCharsets.ISO_8859_1);
    if (soname.equals(LoaderProbe.UNVERSIONED)) {
      return elf;
    }
    if (!soname.startsWith(LoaderProbe.UNVERSIONED + ".")) {
      throw new IOException("its SONAME is '" + soname + "', not " + LoaderProbe.UNVERSIONED + ".N");
    }
    byte[] out = elf.clone();
    for (int i = at + LoaderProbe.UNVERSIONED.length(); i < end; i++) {
      out[i] = 0;
    }
    return out;
  }

  /** The SONAME string's file offset: DT_SONAME (an offset into DT_STRTAB) through the program headers. */
  private static int sonameOffset(ByteBuffer in) throws IOException {
    try {
      long phoff = in.getLong(0x20);
      int phentsize = Short.toUnsignedInt(in.getShort(0x36));
      int phnum = Short.toUnsignedInt(in.getShort(0x38));
      long dynamicOffset = -1;
      long dynamicSize = 0;
      for (int i = 0; i < phnum; i++) {
        int header = Math.toIntExact(phoff + (long) i * phentsize);
        if (in.getInt(header) == PT_DYNAMIC) {
          dynamicOffset = in.getLong(header + 8);
          dynamicSize = in.getLong(header + 32);
        }
      }
      if (dynamicOffset < 0) {
        throw new IOException("it has no dynamic section");
      }
      long strtab = -1;
      long soname = -1;
      for (long entry = dynamicOffset; entry + 16 <= dynamicOffset + dynamicSize; entry += 16) {
        long tag = in.getLong(Math.toIntExact(entry));
        long value = in.getLong(Math.toIntExact(entry + 8));
        if (tag == DT_NULL) {
          break;
        } else if (tag == DT_STRTAB) {
          strtab = value;
        } else if (tag == DT_SONAME) {
          soname = value;
        }
      }
      if (strtab < 0 || soname < 0) {
        throw new IOException("it has no SONAME");
      }
      return Math.toIntExact(fileOffset(in, phoff, phentsize, phnum, strtab) + soname);
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new IOException("its headers point outside the file");
    }
  }

  /** The file offset of virtual address {@code address}, through the loadable segment that holds it. */
  private static long fileOffset(ByteBuffer in, long phoff, int phentsize, int phnum, long address)
      throws IOException {
    for (int i = 0; i < phnum; i++) {
      int header = Math.toIntExact(phoff + (long) i * phentsize);
      long vaddr = in.getLong(header + 16);
      long filesz = in.getLong(header + 32);
      if (in.getInt(header) == PT_LOAD && address >= vaddr && address < vaddr + filesz) {
        return address - vaddr + in.getLong(header + 8);
      }
    }
    throw new IOException("its string table lies in no loadable segment");
  }
}
