package io.certsync.cdn.cli;

import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.certificate.TlsMaterial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inspect}: the operator's pre-flight checks, run locally on a Secret file or a PEM pair.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Run the pre-flight checks the operator runs before any API call, and print the certificate's fingerprint, chain, names, validity and key type. The verdict uses the condition reasons. Exit code 0 only if the pair is pushable (to every --domain given); 1 otherwise.")
final class InspectCommand implements Callable<Integer> {

  static final class Source {
    @Option(
        names = "--secret-file",
        paramLabel = "FILE",
        description = "A kubernetes.io/tls Secret in YAML or JSON (kubectl get secret -o yaml).")
    Path secretFile;

    @ArgGroup(exclusive = false)
    PemPair pair;
  }

  static final class PemPair {
    @Option(
        names = "--cert",
        paramLabel = "FILE",
        required = true,
        description = "PEM certificate chain (tls.crt).")
    Path cert;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        required = true,
        description = "PEM private key (tls.key).")
    Path key;
  }

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--domain",
      paramLabel = "D",
      description = "A CDN domain the certificate must cover; repeatable.")
  List<String> domains = new ArrayList<>();

  private final Clock clock;

  InspectCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PemFiles.Pair pair;
    try {
      pair =
          source.secretFile != null
              ? PemFiles.fromSecretFile(source.secretFile)
              : PemFiles.fromFiles(source.pair.cert, source.pair.key);
    } catch (IOException e) {
      out.println(row("verdict", "unreadable input: " + e.getMessage()));
      return 1;
    }
    if (pair.secretType() != null && !"kubernetes.io/tls".equals(pair.secretType())) {
      out.println(
          row(
              "verdict",
              "SecretTypeInvalid: the Secret has type "
                  + pair.secretType()
                  + ", not kubernetes.io/tls"));
      return 1;
    }
    Instant now = clock.instant();
    PreflightResult result = new PreflightChecker().check(pair.certificate(), pair.key(), now);
    Optional<CertificateInfo> info =
        result instanceof PreflightResult.Passed p
            ? Optional.of(p.material().info())
            : ((PreflightResult.Failed) result).certificate();
    info.ifPresent(i -> describe(out, i, now));
    if (result instanceof PreflightResult.Passed passed) {
      TlsMaterial material = passed.material();
      List<String> chain = new ArrayList<>();
      for (int n = 0; n < material.chain().size(); n++) {
        chain.add((n + 1) + ". " + material.chain().get(n).getSubjectX500Principal().getName());
      }
      out.println(row("chain", String.join("  ", chain)));
    }
    boolean ok = result instanceof PreflightResult.Passed;
    for (String domain : domains) {
      boolean covered = info.map(i -> DomainCoverage.covers(i.dnsNames(), domain)).orElse(false);
      out.println(row("domain", domain + ": " + (covered ? "covered" : "NOT covered")));
      ok &= covered;
    }
    if (result instanceof PreflightResult.Failed failed) {
      out.println(row("verdict", failed.failure().reason() + ": " + failed.failure().message()));
    } else if (!ok) {
      out.println(
          row("verdict", "DomainNotCovered: the certificate does not cover every --domain"));
    } else {
      out.println(row("verdict", "OK: pushable"));
    }
    out.flush();
    return ok ? 0 : 1;
  }

  private static void describe(PrintWriter out, CertificateInfo i, Instant now) {
    out.println(row("certificate", i.subject()));
    out.println(row("issuer", i.issuer()));
    out.println(row("fingerprint", i.fingerprint()));
    out.println(row("serial", i.serialNumber()));
    long days = Duration.between(now, i.notAfter()).toDays();
    out.println(row("valid", i.notBefore() + " to " + i.notAfter() + " (" + days + " days left)"));
    out.println(row("key", i.keyType()));
    out.println(row("dns names", String.join(", ", i.dnsNames())));
  }

  private static String row(String label, String value) {
    return String.format("%-12s %s", label, value);
  }
}
