package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 9: {@code .ci/run}, as root with apt, installs PyTorch, torchvision and onnx when the
 * Python the acceptance test uses lacks them, and says in the log what is skipped when that fails.
 * It runs on a copy whose {@code apt-get}, {@code id} and {@code convoy-test} only log.
 */
class CiRunTest {
  @TempDir
  Path root;

  @Test
  void installsPyTorchWhenItCanAndSaysWhyTheSuiteIsSkippedWhenItCannot() throws Exception {
    Path script = Path.of("..", ".ci", "run").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(script) && new File("/bin/bash").canExecute(), "needs .ci/run and bash");
    Files.createDirectories(root.resolve(".ci"));
    Files.copy(script, root.resolve(".ci/run"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    executable(bin.resolve("id"), "echo 0");
    executable(bin.resolve("apt-get"), "echo \"apt-get $*\" >> \"" + root.resolve("apt.log") + "\"; exit 1");
    executable(bin.resolve("no-torch-python"), "exit 1");
    executable(root.resolve("convoy-test"), "echo 'the suite ran'");

    ProcessBuilder builder = new ProcessBuilder("/bin/bash", root.resolve(".ci/run").toString())
        .redirectErrorStream(true).redirectOutput(root.resolve("log.txt").toFile());
    builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("CONVOY_CI_PYTHON", bin.resolve("no-torch-python").toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended");

    String log = Files.readString(root.resolve("log.txt"), StandardCharsets.UTF_8);
    String apt = Files.readString(root.resolve("apt.log"), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), log);
    assertTrue(apt.contains("install -y -qq python3-torch python3-torchvision python3-onnx"), apt);
    assertTrue(log.contains("could not install python3-torch python3-torchvision python3-onnx; the ONNX acceptance"
        + " test will be skipped"), log);
    assertTrue(log.contains("skipping the ONNX acceptance test: " + bin.resolve("no-torch-python")
        + " cannot import torch, torchvision and onnx"), log);
    assertTrue(log.contains("the suite ran"), log);
  }

  private static void executable(Path file, String body) throws Exception {
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
