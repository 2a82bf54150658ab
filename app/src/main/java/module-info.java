/** The convoy command-line interface. Providers are found at run time on the module path. */
module dev.convoy.app {
  requires dev.convoy.runtime;
  requires info.picocli;

  opens dev.convoy.app to info.picocli;
}
