package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/** Shape arithmetic shared by folding and import: ONNX Reshape's target with 0 and -1 resolved. */
final class Shapes {
  private Shapes() {}

  static long[] reshapeTarget(String node, long[] in, long[] target, boolean allowZero) {
    long total = ConstTensor.count(node + " input", in);
    long[] out = target.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0 && !allowZero) {
        if (i >= in.length) {
          throw new ConvoyException(node + ": Reshape target " + Arrays.toString(target) + " copies dimension " + i
              + " that the input " + Arrays.toString(in) + " lacks");
        }
        out[i] = in[i];
      }
      if (out[i] == -1) {
        if (inferred >= 0) {
          throw new ConvoyException(node + ": Reshape target " + Arrays.toString(target) + " has two -1 entries");
        }
        inferred = i;
        continue;
      }
      if (out[i] < 0) {
        throw new ConvoyException(node + ": Reshape target " + Arrays.toString(target) + " has a negative entry");
      }
      if (out[i] > 0 && known > ConstTensor.MAX_FOLDED_VALUES * 64 / out[i]) {
        throw new ConvoyException(node + ": Reshape target " + Arrays.toString(target) + " is too large");
      }
      known = out[i] == 0 ? 0 : known * out[i];
    }
    if (inferred >= 0) {
      if (known == 0 || total % known != 0) {
        throw new ConvoyException(node + ": cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
      }
      out[inferred] = total / known;
    }
    if (ConstTensor.count(node, out) != total) {
      throw new ConvoyException(node + ": cannot reshape " + Arrays.toString(in) + " (" + total + " values) to "
          + Arrays.toString(target));
    }
    return out;
  }
}
