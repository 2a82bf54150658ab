package dev.convoy.app;

import picocli.CommandLine.IVersionProvider;

/** {@code convoy --version}: the app module's version and the Java runtime it runs on. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "convoy " + appVersion(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")"
    };
  }

  /** The module version on the module path; the jar manifest's on the class path; else "development build". */
  static String appVersion() {
    Module module = VersionProvider.class.getModule();
    if (module.getDescriptor() != null && module.getDescriptor().rawVersion().isPresent()) {
      return module.getDescriptor().rawVersion().get();
    }
    String manifest = VersionProvider.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : "development build";
  }
}
