package io.certsync.cdn.cli;

import io.certsync.cdn.runtime.Durations;
import io.certsync.cdn.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandbox}: the operator, an in-process API server and the CDN emulator in one process. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Run everything in one process: an in-process Kubernetes API server (fabric8 mock, CRUD mode), the CDN API emulator, and the operator against both. Applies the CRD and deploy/examples, simulates a cert-manager renewal, an offline domain and a broken Secret, and shows the bindings and what each CDN domain serves as it happens. No cluster, no Alibaba account.")
final class SandboxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--once",
      description = "Run the story and exit: 0 if every step ended as expected, 1 otherwise.")
  boolean once;

  @Option(
      names = "--api-port",
      paramLabel = "P",
      description =
          "Port of the Kubernetes API server (0 picks a free one; default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int apiPort;

  @Option(
      names = "--kubeconfig-out",
      paramLabel = "FILE",
      description =
          "Where to write a kubeconfig for the sandbox's API server (default: a temporary file).")
  Path kubeconfigOut;

  @Option(
      names = "--step-timeout",
      paramLabel = "DURATION",
      description = "How long each step may take (default ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String stepTimeout;

  @Option(names = "--verbose", description = "Show the operator's logs.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!verbose) {
      QuietLogs.apply();
    }
    Sandbox.Settings settings =
        new Sandbox.Settings(once, apiPort, kubeconfigOut, Durations.parse(stepTimeout));
    return new Sandbox(settings, spec.commandLine().getOut()).run();
  }
}
