package io.certsync.cdn.cli;

import io.certsync.cdn.api.v1alpha1.CdnApi;
import io.certsync.cdn.api.v1alpha1.CertRegion;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.certificate.TlsMaterial;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.aliyun.ApiCallListener;
import io.certsync.cdn.runtime.Environment;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.runtime.OperatorRuntime;
import io.certsync.cdn.sync.CertNames;
import io.certsync.cdn.sync.DirectPush;
import io.certsync.cdn.sync.SyncSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code push}: a one-shot upload of a PEM pair to CDN domains, through the operator's client. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description =
        "Upload a certificate and key to one or more CDN domains, with the same pre-flight checks, client, rate limiter and error classification as the operator. Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN. Exit code 0 only if every domain was set.")
final class PushCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CdnApiOptions cdnApi = new CdnApiOptions();

  @Option(
      names = "--domain",
      paramLabel = "D",
      required = true,
      description = "A CDN domain; repeatable.")
  List<String> domains;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      required = true,
      description = "PEM certificate chain.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "PEM private key.")
  Path key;

  @Option(
      names = "--api",
      paramLabel = "API",
      description = "SetCdnDomainSSLCertificate (default) or SetDomainServerCertificate.",
      defaultValue = "SetCdnDomainSSLCertificate")
  CdnApi api;

  @Option(
      names = "--cert-name-prefix",
      paramLabel = "P",
      description =
          "CertName prefix; the name is <prefix>-<first 16 hex of the fingerprint> (default ${DEFAULT-VALUE}).",
      defaultValue = "push")
  String certNamePrefix;

  @Option(
      names = "--cert-region",
      paramLabel = "R",
      description = "cn-hangzhou or ap-southeast-1 (international site).")
  String certRegion;

  @Option(
      names = "--dry-run",
      description = "Print what would be sent, without the key, and call nothing.")
  boolean dryRun;

  private final Map<String, String> env;
  private final Clock clock;

  PushCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Environment environment = new Environment(env);
    PemFiles.Pair pair;
    try {
      pair = PemFiles.fromFiles(cert, key);
    } catch (IOException e) {
      out.println("cannot read input: " + e.getMessage());
      return 1;
    }
    PreflightResult checked =
        new PreflightChecker().check(pair.certificate(), pair.key(), clock.instant());
    if (checked instanceof PreflightResult.Failed failed) {
      out.println(failed.failure().reason() + ": " + failed.failure().message());
      return 1;
    }
    TlsMaterial material = ((PreflightResult.Passed) checked).material();
    String certName = CertNames.of(certNamePrefix, material.fingerprint());
    CdnAction action = CdnAction.valueOf(api.name());
    String region = certRegion == null ? null : regionValue(certRegion);
    OperatorConfig config =
        new OperatorConfig(
            cdnApi.endpoint(environment),
            cdnApi.signatureVersion(environment),
            environment.credentialsProvider(clock),
            Set.of(),
            -1,
            SyncSettings.defaults(),
            Optional.empty(),
            OperatorConfig.DEFAULT_API_TIMEOUT);
    if (dryRun) {
      out.println(
          "would call "
              + action
              + " on "
              + config.endpoint()
              + " for "
              + domains.size()
              + " domain(s):");
      out.println("  CertName=" + certName);
      out.println("  CertType=upload");
      out.println(
          "  "
              + (action == CdnAction.SetCdnDomainSSLCertificate ? "SSLPub" : "ServerCertificate")
              + "=<"
              + material.chain().size()
              + " certificates, leaf "
              + material.fingerprint()
              + ">");
      out.println(
          "  "
              + (action == CdnAction.SetCdnDomainSSLCertificate ? "SSLPri" : "PrivateKey")
              + "=[REDACTED]");
      for (String domain : domains) {
        out.println(
            "  DomainName="
                + domain
                + (DomainCoverage.covers(material.info().dnsNames(), domain)
                    ? ""
                    : "  (DomainNotCovered: would be skipped)"));
      }
      out.flush();
      return 0;
    }
    if (config.defaultCredentials().isEmpty()) {
      out.println(
          "CredentialsNotFound: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or the RRSA variables");
      return 1;
    }
    CdnResult<CdnCredentials> obtained = config.defaultCredentials().get().credentials();
    if (obtained instanceof CdnResult.Failure<CdnCredentials> f) {
      out.println("CredentialsInvalid: " + f.error().describe());
      return 1;
    }
    Optional<CdnCredentials> credentials =
        Optional.of(((CdnResult.Success<CdnCredentials>) obtained).value());
    OperatorRuntime.CloudClients clients =
        OperatorRuntime.cloudClients(config, clock, ApiCallListener.NONE);
    DirectPush push = new DirectPush(clients.cdn(), clients.store(), clients.accounts());
    boolean allOk = true;
    for (String domain : domains) {
      String name = DomainCoverage.normalize(domain);
      if (!DomainCoverage.covers(material.info().dnsNames(), name)) {
        out.printf(
            "%-30s FAILED  DomainNotCovered: not covered by %s%n",
            domain, material.info().dnsNames());
        allOk = false;
        continue;
      }
      DirectPush.Outcome outcome =
          push.push(credentials.get(), action, name, certName, region, material);
      if (outcome.ok()) {
        out.printf(
            "%-30s OK      CertName=%s %s RequestId=%s%n",
            domain,
            certName,
            outcome.uploaded() ? "uploaded" : "bound by store id",
            outcome.requestId());
      } else {
        out.printf("%-30s FAILED  %s%n", domain, outcome.error());
        allOk = false;
      }
    }
    out.flush();
    return allOk ? 0 : 1;
  }

  private String regionValue(String value) {
    for (CertRegion r : CertRegion.values()) {
      if (r.wireValue().equals(value)) {
        return value;
      }
    }
    throw new ParameterException(
        spec.commandLine(), "--cert-region must be cn-hangzhou or ap-southeast-1");
  }
}
