package io.certsync.cdn.cli;

import io.certsync.cdn.benchmark.Benchmark;
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
    description =
        "Measure the operator against the in-process API server and the CDN emulator at the real per-account limits: mass renewal of N domains, propagation latency, an operator restart, and the memory of an operator process holding 1,000 bindings and 5,000 Secrets. Prints a table and writes it, with a chart of calls per second, to --out. Takes a few minutes.")
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
      description = "Skip the memory run (it starts operator processes).")
  boolean skipMemory;

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
        new Benchmark.Settings(sizes, renewals, memoryBindings, memorySecrets, skipMemory, out);
    return new Benchmark(settings, spec.commandLine().getOut()).run();
  }
}
