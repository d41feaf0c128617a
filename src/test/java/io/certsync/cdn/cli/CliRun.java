package io.certsync.cdn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** One run of the command line as a user would call it: the exit code and everything printed. */
record CliRun(int exit, String out) {

  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine(env, Clock.systemUTC());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString());
  }
}
