package dev.convoy.runtime.plugins;

/** What became of one plugin: loaded (with or without a manifest), or skipped and why. */
public enum PluginStatus {
  /** Loaded; its manifest's api range includes this Convoy's api version. */
  LOADED,
  /** Loaded, but it has no {@value PluginManifest#FILE}, so nobody checked what it was built for. */
  UNVERSIONED,
  /** Skipped: built for api versions that do not include this Convoy's. */
  INCOMPATIBLE,
  /** Skipped: a bad jar or manifest, a missing dependency, or a provider that failed. */
  BROKEN,
  /**
   * Skipped: it provides a layer type, backend or optimizer name that a built-in module, or a
   * plugin before it in the folder, already provides; the first one keeps the name.
   */
  CLASHING;

  /** Whether its providers are in use. */
  public boolean loaded() {
    return this == LOADED || this == UNVERSIONED;
  }
}
