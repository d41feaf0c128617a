package io.certsync.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN.md §7: dependencies between our packages go one way. */
class PackageLayoutTest {

  static final Path SOURCES = Path.of("src/main/java/io/certsync/cdn");
  static final Pattern OUR_IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.certsync\\.cdn\\.([a-z0-9]+)\\.", Pattern.MULTILINE);
  static final Pattern OUR_PACKAGE_IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.certsync\\.cdn\\.((?:[a-z0-9]+\\.)*?[a-z0-9]+)\\.[A-Z]",
          Pattern.MULTILINE);
  static final Set<String> DEVELOPER_WORLDS = Set.of("cli", "sandbox", "benchmark", "fixtures");

  @ParameterizedTest(
      name = "nothing in {0}, which the operator runs, uses cli, sandbox, benchmark or fixtures")
  @ValueSource(
      strings = {"api", "certificate", "cloudapi", "sync", "reconciler", "runtime", "emulator"})
  void operatorIgnoresDeveloperWorlds(String pkg) {
    assertThat(importedPackages(pkg)).doesNotContainAnyElementsOf(DEVELOPER_WORLDS);
  }

  @ParameterizedTest(name = "{0} does not use the commands")
  @ValueSource(strings = {"sandbox", "benchmark", "fixtures"})
  void worldsDoNotUseCommands(String pkg) {
    assertThat(importedPackages(pkg)).doesNotContain("cli");
  }

  /** DESIGN.md §7's table: what each package of the operator may use of ours. */
  @ParameterizedTest(name = "{0} uses only {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "api.v1alpha1 |",
        "certificate |",
        "cloudapi |",
        "cloudapi.aliyun | cloudapi",
        "sync | api.v1alpha1 certificate cloudapi",
        "reconciler | api.v1alpha1 certificate cloudapi sync",
        "emulator | certificate",
        "fixtures | api.v1alpha1 certificate cloudapi",
        "runtime | api.v1alpha1 certificate cloudapi cloudapi.aliyun reconciler sync",
      })
  void dependenciesGoOneWay(String pkg, String allowed) {
    Set<String> may = allowed == null ? Set.of() : Set.of(allowed.trim().split("\\s+"));
    assertThat(importedSubpackages(pkg)).isSubsetOf(may);
  }

  @ParameterizedTest(name = "Bouncy Castle does not appear in {0}")
  @ValueSource(
      strings = {
        "api.v1alpha1",
        "cloudapi",
        "cloudapi.aliyun",
        "sync",
        "reconciler",
        "runtime",
        "emulator",
        "fixtures",
        "sandbox",
        "benchmark",
        "cli"
      })
  void bouncyCastleOnlyInCertificate(String pkg) {
    assertThat(javaFiles(pkg))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(Files.readString(f)).doesNotContain("org.bouncycastle"));
  }

  /** The packages of ours a package imports, its own subpackages and itself left out. */
  private static Set<String> importedSubpackages(String pkg) {
    Set<String> found = new TreeSet<>();
    for (Path file : javaFiles(pkg)) {
      String own = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
      try {
        OUR_PACKAGE_IMPORT
            .matcher(Files.readString(file))
            .results()
            .map(r -> r.group(1))
            .filter(p -> !p.equals(own))
            .forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  private static List<Path> javaFiles(String pkg) {
    try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg.replace('.', '/')), 1)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
