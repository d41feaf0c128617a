package io.certsync.cdn.cli;

import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code emulator}: the CDN API emulator alone, for local development and users' own tests. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description =
        "Run the CDN API emulator on a local port until interrupted. It verifies V1 and V3 signatures, enforces the per-account rate limits, validates certificates and answers with the documented error codes. Prints its base URL once listening.")
final class EmulatorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE}).",
      defaultValue = "8443")
  int port;

  @Option(names = "--domain", paramLabel = "D", description = "An online domain; repeatable.")
  List<String> domains = new ArrayList<>();

  @Option(
      names = "--offline-domain",
      paramLabel = "D",
      description = "A domain that answers InvalidDomain.Offline; repeatable.")
  List<String> offlineDomains = new ArrayList<>();

  @Option(
      names = "--access-key",
      paramLabel = "ID:SECRET",
      description = "An accepted AccessKey pair; repeatable (default sandbox:sandbox-secret).")
  List<String> accessKeys = new ArrayList<>();

  @Option(
      names = "--fail-rate",
      paramLabel = "R",
      description =
          "Share of calls answered 503 ServiceUnavailable, 0 to 1 (default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  double failRate;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (CdnEmulator emulator = start()) {
      out.println(emulator.baseUrl());
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  /** Starts the emulator the options describe. */
  CdnEmulator start() throws IOException {
    EmulatorSettings settings = new EmulatorSettings().port(port).failRate(failRate);
    if (accessKeys.isEmpty()) {
      accessKeys.add("sandbox:sandbox-secret");
    }
    for (String pair : accessKeys) {
      int colon = pair.indexOf(':');
      if (colon <= 0 || colon == pair.length() - 1) {
        throw new ParameterException(spec.commandLine(), "--access-key must be ID:SECRET");
      }
      settings.accessKey(pair.substring(0, colon), pair.substring(colon + 1));
    }
    domains.forEach(settings::domain);
    offlineDomains.forEach(d -> settings.domain(d, DomainState.OFFLINE));
    return CdnEmulator.start(settings);
  }
}
