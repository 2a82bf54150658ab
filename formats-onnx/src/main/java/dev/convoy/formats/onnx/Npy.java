package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files of little-endian float32 in C order, the tensors {@code convoy run}
 * reads and writes ({@code np.save("x.npy", x.astype(np.float32))}).
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** A float32 array and its shape. */
  public record Array(Shape shape, float[] values) {}

  private Npy() {}

  public static Array read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConvoyException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !java.util.Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
      throw new ConvoyException(file + " is not a NumPy .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int start = major == 1 ? 10 : 12;
    if (headerLength < 0 || start + (long) headerLength > bytes.length) {
      throw new ConvoyException(file + " is truncated: its header runs past the end");
    }
    String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
    String descr = find(DESCR, header, file, "descr");
    if (!descr.equals("<f4") && !descr.equals("=f4")) {
      throw new ConvoyException(file + " holds '" + descr + "' values; Convoy reads float32 ('<f4'):"
          + " save it with x.astype(np.float32)");
    }
    if (find(ORDER, header, file, "fortran_order").equals("True")) {
      throw new ConvoyException(file + " is in Fortran order; save it with np.ascontiguousarray(x)");
    }
    String[] parts = find(SHAPE, header, file, "shape").split(",");
    int[] dims = java.util.Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty())
        .mapToInt(s -> parseDim(s, file)).toArray();
    Shape shape = Shape.of(dims);
    long count = shape.size();
    int dataStart = start + headerLength;
    if (bytes.length - dataStart != 4 * count) {
      throw new ConvoyException(file + " has shape " + shape + " (" + count + " floats) but holds "
          + (bytes.length - dataStart) + " bytes of data");
    }
    float[] values = new float[(int) count];
    b.position(dataStart);
    b.asFloatBuffer().get(values);
    return new Array(shape, values);
  }

  public static void write(Path file, Shape shape, float[] values) {
    StringBuilder dims = new StringBuilder();
    for (int d : shape.dims()) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.rank() == 1 ? dims.toString().strip() : dims.substring(0, Math.max(0, dims.length() - 2));
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = 10 + header.length() + 1;
    header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.asFloatBuffer().put(values);
    try {
      Files.write(file, b.array());
    } catch (IOException e) {
      throw new ConvoyException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String find(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new ConvoyException(file + " has no '" + key + "' in its .npy header");
    }
    return m.group(1);
  }

  private static int parseDim(String s, Path file) {
    try {
      int d = Integer.parseInt(s.replace("L", ""));
      if (d < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConvoyException(file + " has an invalid dimension '" + s + "' in its shape");
    }
  }
}
