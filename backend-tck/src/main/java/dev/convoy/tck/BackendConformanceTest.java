package dev.convoy.tck;

import dev.convoy.api.Backend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The conformance kit: every check a {@link Backend} must pass. Extend this one class in your
 * backend's tests and return a new backend from {@link #createBackend()}; JUnit then runs every
 * group below.
 *
 * <h2>How to write a backend</h2>
 *
 * <ol>
 *   <li>Implement the core, {@link Backend}: storage ({@code allocate}, {@code copy}, {@code fill}
 *       and a {@link dev.convoy.api.Volume} class of your own) and the few kernels every network
 *       needs ({@code gemm}, {@code axpby}, {@code scale}, {@code multiply}, the channel bias).
 *       That alone runs every layer: the families you lack run on the host through the reference
 *       backend's kernels (copies of your volumes, or zero-copy views when your volumes are
 *       {@link dev.convoy.api.support.ArrayVolume}s), which is slow on a device, and logged once.
 *   <li>Implement the families that matter for your hardware ({@code dev.convoy.api.kernels}:
 *       convolution, pooling, activations, ...) and return each from {@link
 *       Backend#nativeFamily}; return {@code Optional.empty()} for the others.
 *   <li>Extend this class in your tests, with the reference backend ({@code backends-reference})
 *       as a test dependency: it is both the oracle and the host fallback.
 * </ol>
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
 * reference backend is not on the test path. Families are reached as layers reach them, through
 * {@link dev.convoy.api.KernelResolver}: your own where you have them, else the host fallback.
 * Each comparison with the reference runs your side twice, once that way and once with every
 * family through the host fallback, so both paths are checked on your volumes. Every check runs
 * on {@link ConvCases} and {@link PoolCases}, which include the usual edge cases.
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
  @DisplayName("core elementwise: multiply, axpy, axpby, scale")
  class Elementwise extends ElementwiseConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("kernel families: native or through the host fallback")
  class Families extends FamilyConformance {
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
  @DisplayName("fused convolution (conv + bias + residual + activation)")
  class FusedConv extends FusedConvConformance {
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
  @DisplayName("activations: ReLU, leaky ReLU, clip, sigmoid, tanh")
  class Activations extends ActivationConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("softmax, losses, argmax and correct counts")
  class Losses extends LossConformance {
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
  @DisplayName("layout: channel copies (concatenation)")
  class ChannelCopies extends ChannelCopyConformance {
    @Override
    protected Backend newBackend() {
      return createBackend();
    }
  }

  @Nested
  @DisplayName("layout: transpose")
  class Transpose extends TransposeConformance {
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
