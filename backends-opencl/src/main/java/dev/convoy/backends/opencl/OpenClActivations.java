package dev.convoy.backends.opencl;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;

/**
 * {@link ActivationKernels} on the device: one launch of a kernel of {@code activations.cl} per
 * call, one work-item per value. Every work-item reads its value before it writes it, so {@code y}
 * may be {@code x} and {@code dx} may be {@code dy}.
 */
final class OpenClActivations implements ActivationKernels {
  private static final String SOURCE = "activations.cl";

  private final OpenClBackend backend;

  OpenClActivations(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(Activation f, Volume x, Volume y) {
    String name = name(f);
    OpenClVolume in = backend.own(x, name + " x");
    OpenClVolume out = backend.own(y, name + " y").requireSize(in.size(), name + " y");
    ClKernel.Call call = switch (f) {
      case Activation.Relu r -> kernel("relu_forward").call().arg(in.mem()).arg(out.mem());
      case Activation.LeakyRelu leaky -> kernel("leaky_relu_forward").call().arg(in.mem()).arg(out.mem())
          .arg(leaky.alpha());
      case Activation.Clip clip -> kernel("clip_forward").call().arg(in.mem()).arg(out.mem()).arg(clip.min())
          .arg(clip.max());
      case Activation.Sigmoid s -> kernel("sigmoid_forward").call().arg(in.mem()).arg(out.mem());
      case Activation.Tanh t -> kernel("tanh_forward").call().arg(in.mem()).arg(out.mem());
    };
    call.arg(in.size()).launch(in.size());
  }

  @Override
  public void backward(Activation f, Volume x, Volume y, Volume dy, Volume dx) {
    String name = name(f);
    // The derivative is read off the forward output or input; the other one may be null.
    OpenClVolume from = f.backwardFromOutput() ? backend.own(y, name + " backward y")
        : backend.own(x, name + " backward x");
    int size = from.size();
    OpenClVolume grad = backend.own(dy, name + " backward dy").requireSize(size, name + " backward dy");
    OpenClVolume out = backend.own(dx, name + " backward dx").requireSize(size, name + " backward dx");
    ClKernel.Call call = switch (f) {
      case Activation.Relu r -> kernel("relu_backward").call().arg(from.mem()).arg(grad.mem()).arg(out.mem());
      case Activation.LeakyRelu leaky -> kernel("leaky_relu_backward").call().arg(from.mem()).arg(grad.mem())
          .arg(out.mem()).arg(leaky.alpha());
      case Activation.Clip clip -> kernel("clip_backward").call().arg(from.mem()).arg(grad.mem()).arg(out.mem())
          .arg(clip.min()).arg(clip.max());
      case Activation.Sigmoid s -> kernel("sigmoid_backward").call().arg(from.mem()).arg(grad.mem()).arg(out.mem());
      case Activation.Tanh t -> kernel("tanh_backward").call().arg(from.mem()).arg(grad.mem()).arg(out.mem());
    };
    call.arg(size).launch(size);
  }

  private ClKernel kernel(String name) {
    return backend.programs().kernel(SOURCE, "", name);
  }

  /** {@code relu}, {@code leakyRelu}, ... for messages; a null activation is an error here. */
  private static String name(Activation f) {
    if (f == null) {
      throw new ConvoyException("the activation is null; pass one of the Activation records, e.g. Activation.RELU");
    }
    String simple = f.getClass().getSimpleName();
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }
}
