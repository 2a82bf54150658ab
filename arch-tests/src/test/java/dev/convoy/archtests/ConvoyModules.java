package dev.convoy.archtests;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The module map of DESIGN.md in package terms: module {@code layers-conv} is package
 * {@code dev.convoy.layers.conv}, {@code optimizers} is {@code dev.convoy.optimizers}.
 */
final class ConvoyModules {
  static final String ROOT = "dev.convoy";
  static final String API = "dev.convoy.api..";
  static final String APP = "dev.convoy.app..";
  static final String RUNTIME = "dev.convoy.runtime..";
  /** Packages of the model format modules, formats-proto and formats-onnx. */
  static final String FORMATS = "dev.convoy.formats..";
  /** Packages of provider modules: they may know the api and the JDK, nothing else. */
  static final String[] PROVIDERS = {"dev.convoy.layers..", "dev.convoy.backends..", "dev.convoy.optimizers.."};

  /** Families with one module per member: layers-conv, backends-simd, formats-onnx. */
  private static final Set<String> FAMILIES = Set.of("layers", "backends", "formats");

  /** Stands for "any Convoy module" in {@link #MAY_DEPEND_ON}. */
  static final String ANY = "*";

  /**
   * DESIGN.md's "may depend on" column, by module family (the third package segment: {@code
   * layers} for every layers-* module, {@code tck} for backend-tck). A module missing here fails
   * the rules: add it to DESIGN.md and here in the same change. formats-* may use runtime because
   * a checkpoint stores a runtime Network; data, because its batches are the runtime's LabelledBatches.
   */
  static final Map<String, Set<String>> MAY_DEPEND_ON = Map.ofEntries(
      Map.entry("api", Set.of()),
      Map.entry("runtime", Set.of("api")),
      Map.entry("layers", Set.of("api")),
      Map.entry("backends", Set.of("api")),
      Map.entry("optimizers", Set.of("api")),
      Map.entry("tck", Set.of("api")),
      Map.entry("data", Set.of("api", "runtime")),
      Map.entry("zoo", Set.of("api", "runtime")),
      Map.entry("formats", Set.of("api", "runtime")),
      Map.entry("app", Set.of("api", "runtime", "data", "zoo", "formats")),
      Map.entry("examples", Set.of("api")),
      Map.entry("bench", Set.of(ANY)));

  private ConvoyModules() {}

  /** The module package a package belongs to, e.g. dev.convoy.layers.conv for dev.convoy.layers.conv.im2col; null outside Convoy. */
  static String moduleOf(String packageName) {
    if (!packageName.equals(ROOT) && !packageName.startsWith(ROOT + ".")) {
      return null;
    }
    String[] parts = packageName.split("\\.");
    if (parts.length < 3) {
      return packageName;
    }
    int depth = FAMILIES.contains(parts[2]) && parts.length > 3 ? 4 : 3;
    return String.join(".", Arrays.copyOf(parts, depth));
  }

  /** The family of a module package: dev.convoy.layers.conv -> layers, dev.convoy.zoo -> zoo. */
  static String familyOf(String module) {
    String[] parts = module.split("\\.");
    return parts.length < 3 ? "" : parts[2];
  }

  /** Whether DESIGN.md lets module {@code from} use module {@code to} (both module packages). */
  static boolean mayDependOn(String from, String to) {
    if (from.equals(to)) {
      return true;
    }
    Set<String> allowed = MAY_DEPEND_ON.get(familyOf(from));
    return allowed != null && (allowed.contains(ANY) || allowed.contains(familyOf(to)));
  }

  /** One slice per module, for cycle checks between modules (cycles inside a module are its own business). */
  static SliceAssignment slices() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String module = moduleOf(javaClass.getPackageName());
        return module == null ? SliceIdentifier.ignore() : SliceIdentifier.of(module);
      }

      @Override
      public String getDescription() {
        return "Convoy modules";
      }
    };
  }

  /** Each package of the api module its own slice (dev.convoy.api, dev.convoy.api.kernels, ...). */
  static SliceAssignment apiPackages() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.equals("dev.convoy.api") || pkg.startsWith("dev.convoy.api.")
            ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "api packages";
      }
    };
  }
}
