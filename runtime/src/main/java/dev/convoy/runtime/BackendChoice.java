package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;

/**
 * The backend that will run, and why: {@code source} is one of {@code --backend},
 * {@code -Dconvoy.backend}, {@code CONVOY_BACKEND} or {@code best available}. {@code options} is
 * what followed the first ':' of the selected name ({@code 0:1} for {@code opencl:0:1}), passed to
 * {@link BackendProvider#create(String)}; empty when there was none.
 */
public record BackendChoice(BackendProvider provider, String options, String source, String reason) {

  /** A choice without options. */
  public BackendChoice(BackendProvider provider, String source, String reason) {
    this(provider, "", source, reason);
  }

  /** Makes the chosen backend. */
  public Backend open() {
    return provider.create(options);
  }

  /** {@code reference (chosen by --backend)}, or {@code opencl:0:1 (chosen by --backend opencl:0:1)}. */
  public String explain() {
    return provider.name() + (options.isEmpty() ? "" : ":" + options) + " (" + reason + ")";
  }
}
