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
    cli.addSubcommand(new RunCommand(System.getenv()));
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
