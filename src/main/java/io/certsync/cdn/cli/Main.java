package io.certsync.cdn.cli;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdn-cert-operator} command line. */
@Command(
    name = "cdn-cert-operator",
    mixinStandardHelpOptions = true,
    version = "cdn-cert-operator 0.1.0",
    description =
        "Keeps Alibaba Cloud CDN domains serving the certificate of a kubernetes.io/tls Secret.")
public final class Main {

  private Main() {}

  public static CommandLine commandLine() {
    return commandLine(System.getenv(), Clock.systemUTC());
  }

  /** The command line with its environment and clock given, as tests and embedders need. */
  public static CommandLine commandLine(Map<String, String> env, Clock clock) {
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand(new RunCommand(env));
    cli.addSubcommand(new SandboxCommand());
    cli.addSubcommand(new PushCommand(env, clock));
    cli.addSubcommand(new InspectCommand(clock));
    cli.addSubcommand(new EmulatorCommand());
    cli.addSubcommand(new BenchmarkCommand());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
