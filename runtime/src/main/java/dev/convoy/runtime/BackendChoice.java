package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;

/**
 * The backend that will run, and why: {@code source} is one of {@code --backend},
 * {@code -Dconvoy.backend}, {@code CONVOY_BACKEND} or {@code best available}.
 */
public record BackendChoice(BackendProvider provider, String source, String reason) {

  /** Makes the chosen backend. */
  public Backend open() {
    return provider.create();
  }

  /** {@code reference (chosen by --backend)}. */
  public String explain() {
    return provider.name() + " (" + reason + ")";
  }
}
