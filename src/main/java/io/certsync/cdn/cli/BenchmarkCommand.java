package io.certsync.cdn.cli;

import io.certsync.cdn.benchmark.Benchmark;
import io.certsync.cdn.runtime.Durations;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code benchmark}: measures the operator on this machine and writes docs/benchmarks.md. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the operator against the in-process API server and the CDN emulator at the real per-account limits (SetCdnDomainSSLCertificate 30/s), and write the figures, with a chart of calls per second, to --out. The cases, in order:",
      "  1. mass renewal: every Secret renewed at once, for each --domains size (bindings of 1 to 10 domains); ideal/actual against 30 writes/s, throttling errors, writes and key uploads; the operator then restarted (calls made, time to observe all);",
      "  2. key uploads per renewal: --layout-domains single-domain bindings, and bindings of 10 domains;",
      "  3. slow network: a mass renewal of --slow-domains domains with every API answer delayed --latency;",
      "  4. fairness: one binding of 100 domains renewed together with 30 single-domain bindings, answers delayed --latency: when each small binding serves its new certificate against the ideal time of the whole renewal;",
      "  5. one binding of 100 domains with every answer delayed 100 ms, first sync and renewal;",
      "  6. propagation latency on an idle system over --renewals renewals;",
      "  7. memory of an operator process (java -jar) with --memory-bindings bindings and --memory-secrets Secrets.",
      "The full run takes about ten minutes; --quick runs every case at a tiny scale in seconds (its figures mean nothing)."
    })
final class BenchmarkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--domains",
      split = ",",
      paramLabel = "N",
      description = "Mass renewal sizes (default ${DEFAULT-VALUE}).",
      defaultValue = "100,1000")
  List<Integer> sizes;

  @Option(
      names = "--layout-domains",
      paramLabel = "N",
      description =
          "Domains of the key-upload layouts: N single-domain bindings, N/10 bindings of 10 (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int layoutDomains;

  @Option(
      names = "--slow-domains",
      paramLabel = "N",
      description = "Domains of the slow-network mass renewal (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int slowDomains;

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      description =
          "Delay of every API answer in the slow-network and fairness cases (default ${DEFAULT-VALUE}).",
      defaultValue = "300ms")
  String latency;

  @Option(
      names = "--renewals",
      paramLabel = "N",
      description = "Renewals measured for propagation latency (default ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int renewals;

  @Option(
      names = "--memory-bindings",
      paramLabel = "N",
      description = "Bindings in the memory run (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int memoryBindings;

  @Option(
      names = "--memory-secrets",
      paramLabel = "N",
      description = "Secrets in the memory run, half of them TLS (default ${DEFAULT-VALUE}).",
      defaultValue = "5000")
  int memorySecrets;

  @Option(
      names = "--skip-memory",
      description = "Skip the memory run (it starts operator processes from the jar).")
  boolean skipMemory;

  @Option(
      names = "--quick",
      description =
          "Every case at a tiny scale (10 to 13 domains, 3 renewals, no memory run), in seconds: a smoke run whose figures mean nothing.")
  boolean quick;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where benchmarks.md and the chart go (default ${DEFAULT-VALUE}).",
      defaultValue = "docs")
  Path out;

  @Override
  public Integer call() throws Exception {
    QuietLogs.apply();
    Benchmark.Settings settings =
        new Benchmark.Settings(
            sizes,
            layoutDomains,
            slowDomains,
            Durations.parse(latency),
            renewals,
            memoryBindings,
            memorySecrets,
            skipMemory,
            false,
            out);
    return new Benchmark(quick ? settings.quickScale() : settings, spec.commandLine().getOut())
        .run();
  }
}
