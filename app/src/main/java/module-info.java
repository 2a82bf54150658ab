/** The convoy command-line interface. Providers are found at run time on the module path. */
module dev.convoy.app {
  requires dev.convoy.runtime;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires dev.convoy.data;
  requires dev.convoy.zoo;
  requires dev.convoy.formats.proto;
  requires dev.convoy.formats.onnx;
  // Training reports draw PNG curves and filter grids with java.awt and javax.imageio.
  requires java.desktop;
  // Main sets the log level: provider INFO lines only with --verbose.
  requires java.logging;

  opens dev.convoy.app to info.picocli;
}
