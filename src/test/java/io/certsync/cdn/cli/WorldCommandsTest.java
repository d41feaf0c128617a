package io.certsync.cdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The developer worlds through the command line: the sandbox's story and the benchmark. */
class WorldCommandsTest {

  @TempDir Path dir;

  @Test
  @DisplayName("sandbox --once runs the whole story and exits 0")
  void sandboxOnce() {
    CliRun r = CliRun.of(Map.of(), "sandbox", "--once", "--verbose");
    assertThat(r.out())
        .contains(
            "first Synced",
            "story: 4/4 steps as expected",
            "InvalidDomainOffline",
            "KeyPairMismatch");
    assertThat(r.exit()).isZero();
  }

  @Test
  @DisplayName(
      "benchmark --quick runs every case at a tiny scale and writes its tables and chart (no memory run)")
  void benchmarkQuick() throws Exception {
    CliRun r = CliRun.of(Map.of(), "benchmark", "--quick", "--out", dir.toString());

    assertThat(r.exit()).as(r.out()).isZero();
    String report = Files.readString(dir.resolve("benchmarks.md"));
    assertThat(report)
        .contains(
            "## Mass renewal",
            "| 12 | 5 |",
            "| 0 | 12 | 5 |",
            "## Key uploads per renewal",
            "| 10 single-domain bindings | 10 |",
            "one binding of 10 domains | 10 |",
            "## Over a slow network",
            "Every API answer delayed 300 ms",
            "Fairness: one binding of 10 domains renewed together with 3 single-domain bindings",
            "## One large binding over a slow network",
            "## Propagation latency",
            "## Operator restart",
            "| 0 | 0 |",
            "| (skipped) |");
    assertThat(Files.readString(dir.resolve("mass-renewal-12.svg")))
        .startsWith("<svg")
        .contains("limit 30/s");
  }

  @Test
  @DisplayName("benchmark --help names every case and the quick mode")
  void benchmarkHelp() {
    CliRun r = CliRun.of(Map.of(), "benchmark", "--help");

    assertThat(r.out())
        .contains(
            "mass renewal",
            "key uploads per renewal",
            "slow network",
            "fairness",
            "propagation latency",
            "memory",
            "--quick",
            "--latency");
  }
}
