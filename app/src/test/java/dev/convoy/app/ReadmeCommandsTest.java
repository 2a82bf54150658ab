package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue #18 point 9: the README's commands table names every option each command has, and no
 * option it lacks. The options every command shares are described once, below the table.
 */
class ReadmeCommandsTest {
  private static final Set<String> SHARED = Set.of("--help", "--version", "--verbose", "--plugins");
  private static final Pattern COMMAND = Pattern.compile("`convoy ([a-z]+)([^`]*)`");
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

  @Test
  void theCommandsTableMatchesTheCli() throws IOException {
    Map<String, Set<String>> readme = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)) {
      int end = line.indexOf("` |");
      if (!line.startsWith("| `convoy ") || end < 0) {
        continue;
      }
      // The first cell: one command, or several ("`convoy layers` / `convoy optimizers`").
      Matcher command = COMMAND.matcher(line.substring(0, end + 1));
      while (command.find()) {
        Set<String> options = readme.computeIfAbsent(command.group(1), k -> new TreeSet<>());
        Matcher option = OPTION.matcher(command.group(2));
        while (option.find()) {
          options.add(option.group());
        }
      }
    }
    CommandLine cli = ConvoyCli.create(CliRun.realProviders());
    Map<String, Set<String>> actual = new TreeMap<>();
    cli.getSubcommands().forEach((name, sub) -> {
      Set<String> options = new TreeSet<>();
      sub.getCommandSpec().options().stream().filter(o -> !o.hidden())
          .forEach(o -> options.add(o.longestName()));
      options.removeAll(SHARED);
      actual.put(name, options);
    });
    assertTrue(readme.size() >= 10, "the table was found: " + readme);
    actual.keySet().removeIf(name -> name.equals("help") && !readme.containsKey("help"));
    assertEquals(actual, readme);
  }
}
