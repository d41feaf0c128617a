package io.certsync.cdn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdn-cert-operator} command line. */
@Command(
    name = "cdn-cert-operator",
    mixinStandardHelpOptions = true,
    version = "cdn-cert-operator 0.1.0",
    description = "Keeps Alibaba Cloud CDN domains serving the certificate of a kubernetes.io/tls Secret.")
public final class Main {

  private Main() {}

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    java.util.Map<String, String> env = System.getenv();
    java.time.Clock clock = java.time.Clock.systemUTC();
    cli.addSubcommand(new RunCommand(env));
    cli.addSubcommand(new SandboxCommand());
    cli.addSubcommand(new PushCommand(env, clock));
    cli.addSubcommand(new InspectCommand(clock));
    cli.addSubcommand(new EmulatorCommand());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
