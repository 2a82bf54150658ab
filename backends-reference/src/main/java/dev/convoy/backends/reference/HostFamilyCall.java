package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayVolume;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a host-fallback proxy does on each call of one family: every {@link Volume} argument of
 * {@code backend} becomes a reference volume, the reference kernel runs, and what it changed goes
 * back. An {@link ArrayVolume} becomes a view of its own storage ({@link ArrayVolume#viewFor}), so
 * kernels write straight into it; any other volume is copied to the host, and written back with
 * {@link Volume#write} only when its values changed (compared bit for bit), so inputs are never
 * written. The same volume object passed twice maps to one reference volume, so aliasing such as
 * {@code y == x} behaves as on the reference backend. Distinct volumes that share storage (a volume
 * and a {@code reshape} of it) are copied separately, so a kernel must not be given both when one
 * is written. Other arguments pass through; null stays null.
 */
final class HostFamilyCall implements InvocationHandler {
  private final Class<?> family;
  private final Object kernels;
  private final Backend backend;
  private final Backend reference;

  HostFamilyCall(Class<?> family, Object kernels, Backend backend, Backend reference) {
    this.family = family;
    this.kernels = kernels;
    this.backend = backend;
    this.reference = reference;
  }

  /** A backend volume and what the reference kernel sees: a view ({@code before} null) or a copy of {@code before}. */
  private record Mapped(Volume original, Volume host, float[] before) {
    boolean isCopy() {
      return before != null;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    Map<Volume, Mapped> mapped = new IdentityHashMap<>();
    try {
      Object[] hostArgs = args == null ? null : args.clone();
      for (int i = 0; hostArgs != null && i < hostArgs.length; i++) {
        if (hostArgs[i] instanceof Volume v) {
          String role = family.getSimpleName() + "." + method.getName() + " argument " + i;
          hostArgs[i] = mapped.computeIfAbsent(v, volume -> toHost(volume, role)).host();
        }
      }
      Object result;
      try {
        result = method.invoke(kernels, hostArgs);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      writeBackChanged(mapped.values());
      return result;
    } finally {
      for (Mapped m : mapped.values()) {
        if (m.isCopy()) {
          m.host().close();
        }
      }
    }
  }

  private Mapped toHost(Volume v, String role) {
    if (v.backend() != backend) {
      throw new ConvoyException(role + " " + v.shape() + " belongs to backend '" + v.backend().name()
          + "', not to this " + backend.name() + " backend; copy it over with upload(shape, volume.toArray()) first");
    }
    if (v instanceof ArrayVolume av) {
      return new Mapped(v, av.viewFor(reference), null);
    }
    float[] values = v.toArray();
    return new Mapped(v, reference.upload(v.shape(), values), values);
  }

  private static void writeBackChanged(Iterable<Mapped> volumes) {
    for (Mapped m : volumes) {
      if (m.isCopy()) {
        float[] after = m.host().toArray();
        if (!Arrays.equals(m.before(), after)) {
          m.original().write(after);
        }
      }
    }
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> family.getSimpleName() + " of backend '" + backend.name()
          + "' on the host (the reference backend's kernels)";
      default -> throw new UnsupportedOperationException(method.toString());
    };
  }
}
