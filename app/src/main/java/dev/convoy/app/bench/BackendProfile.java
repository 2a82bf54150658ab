package dev.convoy.app.bench;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Volume;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wall-clock time per backend operation, for {@code convoy bench --profile}: a {@link Backend}
 * that passes every call on to the real one and adds up its time under the operation's name and
 * the shape of its first volume ("convForward 64x32x14x14"), so layers of different shapes stay
 * apart. Volumes the backend hands out are wrapped so that they name the profiling backend as
 * their owner (the model checks that its inputs live on its backend), and unwrapped again on the
 * way in, so the real backend only ever sees its own.
 *
 * <p>Kernel families are timed the same way, under {@code Family.method}: the profiling backend
 * offers every family the real one resolves to, its own or the host fallback (marked {@code
 * (fallback)}), so the fallback runs on the real backend's volumes as it would without profiling.
 */
public final class BackendProfile implements InvocationHandler {
  private final Backend target;
  private final KernelResolver targetKernels;
  private final Map<String, long[]> totals = new LinkedHashMap<>();
  private boolean recording;
  private Backend proxy;

  private BackendProfile(Backend target) {
    this.target = target;
    this.targetKernels = KernelResolver.of(target);
  }

  /** The profile and the backend to hand to the model in place of {@code target}. */
  public static BackendProfile of(Backend target) {
    return new BackendProfile(target);
  }

  /** The backend that times every call; volumes for the model must come from it. */
  public Backend backend() {
    if (proxy == null) {
      proxy = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, this);
    }
    return proxy;
  }

  /** Starts adding up, forgetting what came before (the warm-up). */
  public void start() {
    target.finish();
    totals.clear();
    recording = true;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(this, args);
    }
    if (method.getName().equals("nativeFamily") && args != null && args.length == 1 && args[0] instanceof Class<?> c) {
      return Optional.of(timedFamily(c.asSubclass(KernelFamily.class)));
    }
    return timedCall(target, "", method, args);
  }

  /** The family the real backend resolves to, its calls timed. */
  private <F extends KernelFamily> F timedFamily(Class<F> family) {
    F real = targetKernels.family(family);
    String prefix = family.getSimpleName() + (targetKernels.isNative(family) ? "" : " (fallback)") + ".";
    return family.cast(Proxy.newProxyInstance(family.getClassLoader(), new Class<?>[] {family},
        (p, method, args) -> method.getDeclaringClass() == Object.class
            ? method.invoke(real, args)
            : timedCall(real, prefix, method, args)));
  }

  private Object timedCall(Object receiver, String prefix, Method method, Object[] args) throws Throwable {
    Object[] unwrapped = args == null ? null : args.clone();
    if (unwrapped != null) {
      for (int i = 0; i < unwrapped.length; i++) {
        if (unwrapped[i] instanceof Profiled p) {
          unwrapped[i] = p.inner;
        }
      }
    }
    long start = System.nanoTime();
    try {
      Object result = method.invoke(receiver, unwrapped);
      if (recording) {
        // A device backend may only have queued the work: wait for it, so the time is this call's.
        target.finish();
      }
      return result instanceof Volume v ? new Profiled(v, backend()) : result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      if (recording) {
        long[] total = totals.computeIfAbsent(prefix + key(method, args), k -> new long[2]);
        total[0]++;
        total[1] += System.nanoTime() - start;
      }
    }
  }

  private static String key(Method method, Object[] args) {
    if (args != null) {
      for (Object arg : args) {
        if (arg instanceof Volume v) {
          return method.getName() + " " + v.shape();
        }
      }
    }
    return method.getName();
  }

  /** One operation's share: calls and milliseconds per iteration over {@code iterations}. */
  public record Line(String operation, double callsPerIteration, double millisPerIteration, double share) {}

  /** Every operation seen since {@link #start()}, the most time first. */
  public List<Line> lines(int iterations) {
    double all = totals.values().stream().mapToLong(t -> t[1]).sum();
    List<Line> lines = new ArrayList<>();
    totals.forEach((operation, t) -> lines.add(new Line(operation, (double) t[0] / iterations,
        t[1] / 1e6 / iterations, all == 0 ? 0 : t[1] / all)));
    lines.sort(Comparator.comparingDouble(Line::millisPerIteration).reversed());
    return lines;
  }

  /** A volume of the real backend that names the profiling backend as its owner. */
  private record Profiled(Volume inner, Backend owner) implements Volume {
    @Override
    public dev.convoy.api.Shape shape() {
      return inner.shape();
    }

    @Override
    public Backend backend() {
      return owner;
    }

    @Override
    public float[] toArray() {
      return inner.toArray();
    }

    @Override
    public void write(float[] values) {
      inner.write(values);
    }

    @Override
    public Volume reshape(dev.convoy.api.Shape shape) {
      return new Profiled(inner.reshape(shape), owner);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
