package dev.convoy.tck;

import dev.convoy.api.Backend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The conformance kit: every check a {@link Backend} must pass. Extend this one class in your
 * backend's tests and return a new backend from {@link #createBackend()}; JUnit then runs every
 * group below.
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceTest {
 *   @Override
 *   protected Backend createBackend() {
 *     return new MyBackendProvider().create();
 *   }
 * }
 * }</pre>
 *
 * <p>Two kinds of check: properties that need no second implementation (GEMM against a triple
 * loop, convolution and pooling against their definitions in double, adjoint identities, the
 * overwrite/accumulate contracts, storage rules), which also validate the reference backend
 * itself; and comparison with the {@code reference} backend, found with {@link
 * java.util.ServiceLoader}, on seeded random data, which is skipped with a message when the
 * reference backend is not on the test path. Every check runs on {@link ConvCases} and {@link
 * PoolCases}, which include the usual edge cases.
 */
public abstract class BackendConformanceTest {

  /** A new backend under test; called once per test and closed after it. */
  protected abstract Backend createBackend();

  @Nested
  @DisplayName("storage: allocate, upload, reshape, copy, fill, close")
  class Storage extends StorageConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("gemm")
  class Gemm extends GemmConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("im2col and col2im")
  class Im2col extends Im2colConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("convolution and channel bias")
  class Conv extends ConvConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("pooling: max, average, L2")
  class Pool extends PoolConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("elementwise and sum")
  class Elementwise extends ElementwiseConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("softmax and losses")
  class Losses extends LossConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("activations: leaky ReLU, clip, sigmoid, tanh")
  class Activations extends ActivationConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("batch normalization and LRN")
  class Normalization extends NormalizationConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("channel copies (concatenation)")
  class ChannelCopies extends ChannelCopyConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("locally connected")
  class LocallyConnected extends LocallyConnectedConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("optimizer arithmetic")
  class OptimizerMath extends OptimizerMathConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("the notes' worked examples")
  class NotesExamples extends NotesExamplesConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }
}
