package dev.convoy.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.ProviderRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The profile waits for a device backend after each call it times, so the time is that call's. */
class BackendProfileTest {

  @Test
  void waitsForTheBackendAfterEveryTimedCallAndNotBeforeTheTimingStarts() {
    AtomicInteger finishes = new AtomicInteger();
    try (Backend real = ProviderRegistry.load().backendProviders().stream()
        .filter(p -> p.name().equals("reference")).findFirst().orElseThrow().create()) {
      Backend counting = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
          new Class<?>[] {Backend.class}, (p, method, args) -> {
            if (method.getName().equals("finish")) {
              finishes.incrementAndGet();
              return null;
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      BackendProfile profile = BackendProfile.of(counting);
      Backend timed = profile.backend();
      Volume a = timed.upload(Shape.of(2, 2), new float[] {1, 2, 3, 4});
      Volume c = timed.allocate(Shape.of(2, 2));
      assertEquals(0, finishes.get(), "the warm-up is not timed, so nothing waits");
      profile.start();
      int atStart = finishes.get();
      timed.gemm(false, false, 1f, a, a, 0f, c);
      timed.scale(c, 2f);
      assertEquals(2, finishes.get() - atStart, "one wait per timed call");
      assertTrue(profile.lines(1).stream().anyMatch(line -> line.operation().equals("gemm [2, 2]")),
          profile.lines(1).toString());
      assertEquals(20f, c.toArray()[1], 0f, "the calls still reach the real backend: 2 * (1*2 + 2*4)");
    }
  }
}
