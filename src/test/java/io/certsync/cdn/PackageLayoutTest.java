package io.certsync.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN.md §7: dependencies between our packages go one way. */
class PackageLayoutTest {

  static final Path SOURCES = Path.of("src/main/java/io/certsync/cdn");
  static final Pattern OUR_IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.certsync\\.cdn\\.([a-z0-9]+)\\.", Pattern.MULTILINE);
  static final Set<String> DEVELOPER_WORLDS = Set.of("cli", "sandbox", "benchmark", "fixtures");

  @ParameterizedTest(
      name = "nothing in {0}, which the operator runs, uses cli, sandbox, benchmark or fixtures")
  @ValueSource(strings = {"api", "certificate", "cloudapi", "reconciler", "runtime", "emulator"})
  void operatorIgnoresDeveloperWorlds(String pkg) {
    assertThat(importedPackages(pkg)).doesNotContainAnyElementsOf(DEVELOPER_WORLDS);
  }

  @ParameterizedTest(name = "{0} does not use the commands")
  @ValueSource(strings = {"sandbox", "benchmark", "fixtures"})
  void worldsDoNotUseCommands(String pkg) {
    assertThat(importedPackages(pkg)).doesNotContain("cli");
  }

  private static List<String> importedPackages(String pkg) {
    try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(PackageLayoutTest::ourImports)
          .distinct()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> ourImports(Path file) {
    try {
      Matcher m = OUR_IMPORT.matcher(Files.readString(file));
      return m.results().map(r -> r.group(1)).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
