package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 4: two first runs of the {@code convoy} launcher at once build once; the second
 * waits for the first's build. The launcher is run on a copy of the repository's root whose
 * {@code mvnw} only logs and sleeps, so the test takes seconds, not a real build.
 */
class LauncherBuildLockTest {
  @TempDir
  Path root;

  @Test
  void twoFirstRunsAtOnceBuildOnce() throws Exception {
    Path launcher = Path.of("..", "convoy").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(launcher) && new File("/bin/bash").canExecute(), "needs the launcher and bash");
    Files.copy(launcher, root.resolve("convoy"));
    Files.createDirectories(root.resolve(".mvn"));
    Files.copy(launcher.resolveSibling(".mvn").resolve("find-jdk.sh"), root.resolve(".mvn/find-jdk.sh"));
    Path mvnw = root.resolve("mvnw");
    Files.writeString(mvnw, """
        #!/usr/bin/env bash
        echo "start $$" >> builds.log
        sleep 3
        mkdir -p app/target/modules
        echo "end $$" >> builds.log
        """);
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process first = start("first");
    Thread.sleep(700);
    Process second = start("second");
    assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS), "the launchers ended");

    List<String> builds = Files.readAllLines(root.resolve("builds.log"));
    assertEquals(2, builds.size(), "one build, started and ended: " + builds);
    assertTrue(builds.get(0).startsWith("start") && builds.get(1).startsWith("end"), builds.toString());
    String secondErr = Files.readString(root.resolve("second.err"), StandardCharsets.UTF_8);
    assertTrue(secondErr.contains("another convoy is building; waiting for it"), secondErr);
    assertTrue(!secondErr.contains("building Convoy"), "the second did not build: " + secondErr);
  }

  private Process start(String name) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", root.resolve("convoy").toString(), "--version")
        .directory(root.toFile())
        .redirectOutput(root.resolve(name + ".out").toFile())
        .redirectError(root.resolve(name + ".err").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder.start();
  }
}
