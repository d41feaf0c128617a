package io.certsync.cdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * inspect, push, emulator and run through picocli, as a user would call them.
 *
 * <p>Longer than 300 lines: every command's options and exit codes, through the real parser.
 */
class CommandLineTest {

  static Issued ca;
  static Issued site;
  static CdnEmulator emulator;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    ca = TestCertificates.ca("CLI CA");
    site =
        TestCertificates.leaf(ca, "www.example.com", "static.example.com", "offline.example.com");
    emulator =
        CdnEmulator.start(
            new EmulatorSettings()
                .accessKey("LTAI-cli", "cli-secret")
                .domain("www.example.com")
                .domain("static.example.com")
                .domain("offline.example.com", DomainState.OFFLINE));
  }

  @AfterAll
  static void tearDown() {
    emulator.close();
  }

  private static CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, args);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /** The arguments before, the --cert and --key files of the pair, then the arguments after. */
  private String[] args(List<String> before, Issued pair, String... after) throws Exception {
    List<String> all = new ArrayList<>(before);
    all.addAll(
        List.of(
            "--cert",
            Files.writeString(Files.createTempFile(dir, "cert", ".pem"), pair.chainPem())
                .toString(),
            "--key",
            Files.writeString(Files.createTempFile(dir, "key", ".pem"), pair.keyPkcs1OrSec1())
                .toString()));
    all.addAll(List.of(after));
    return all.toArray(String[]::new);
  }

  private Map<String, String> cdnEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("CDN_ENDPOINT", emulator.baseUrl());
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-cli");
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "cli-secret");
    return env;
  }

  @Test
  @DisplayName("inspect of a good pair prints the facts, the chain and OK, and exits 0")
  void inspectGoodPair() throws Exception {
    CliRun r = run(Map.of(), args(List.of("inspect"), site, "--domain", "www.example.com"));
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            Fingerprints.of(site.certificate()),
            "RSA 2048",
            "www.example.com: covered",
            "1. CN=www.example.com  2. CN=CLI CA",
            "OK: pushable");
  }

  @Test
  @DisplayName(
      "inspect gives KeyPairMismatch, CertificateExpired, DomainNotCovered and CertificateMalformed with exit 1")
  void inspectFailures() throws Exception {
    Path crt = write("c.pem", site.chainPem());
    Path otherKey =
        write("other.pem", TestCertificates.leaf(ca, "www.example.com").keyPkcs1OrSec1());
    CliRun wrongKey =
        run(Map.of(), "inspect", "--cert", crt.toString(), "--key", otherKey.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.out()).contains("verdict      KeyPairMismatch:");

    Issued expired = TestCertificates.expired(ca, "www.example.com");
    CliRun exp = run(Map.of(), args(List.of("inspect"), expired));
    assertThat(exp.exit()).isEqualTo(1);
    assertThat(exp.out()).contains("verdict      CertificateExpired:");

    CliRun uncovered =
        run(
            Map.of(),
            "inspect",
            "--cert",
            crt.toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString(),
            "--domain",
            "shop.example.com");
    assertThat(uncovered.exit()).isEqualTo(1);
    assertThat(uncovered.out())
        .contains("shop.example.com: NOT covered", "verdict      DomainNotCovered");

    CliRun malformed =
        run(
            Map.of(),
            "inspect",
            "--cert",
            write(
                    "bad.pem",
                    "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
                .toString(),
            "--key",
            otherKey.toString());
    assertThat(malformed.exit()).isEqualTo(1);
    assertThat(malformed.out()).contains("verdict      CertificateMalformed:");
    assertThat(wrongKey.out() + exp.out() + malformed.out()).doesNotContain("PRIVATE KEY");
  }

  @Test
  @DisplayName(
      "inspect reads a Secret manifest and refuses one that is not of type kubernetes.io/tls")
  void inspectSecretFile() throws Exception {
    String yaml =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: www-tls\ntype: %s\ndata:\n  tls.crt: %s\n  tls.key: %s\n";
    Path tls =
        write(
            "tls.yaml",
            yaml.formatted(
                "kubernetes.io/tls",
                TestCertificates.base64(site.chainPem()),
                TestCertificates.base64(site.keyPkcs1OrSec1())));
    assertThat(run(Map.of(), "inspect", "--secret-file", tls.toString()).exit()).isZero();
    Path opaque = write("opaque.yaml", yaml.formatted("Opaque", "AA==", "AA=="));
    CliRun r = run(Map.of(), "inspect", "--secret-file", opaque.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("SecretTypeInvalid");
  }

  @Test
  @DisplayName("push sets a domain through the emulator and prints its RequestId")
  void pushSucceeds() throws Exception {
    CliRun r =
        run(
            cdnEnv(),
            args(
                List.of("push", "--domain", "www.example.com"),
                site,
                "--cert-name-prefix",
                "manual"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("www.example.com", "OK", "CertName=manual-", "RequestId=");
    assertThat(emulator.servedFingerprint("www.example.com"))
        .isEqualTo(Fingerprints.of(site.certificate()));
  }

  @Test
  @DisplayName("push reports an API error code per domain and exits 1")
  void pushReportsApiError() throws Exception {
    CliRun r = run(cdnEnv(), args(List.of("push", "--domain", "offline.example.com"), site));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "FAILED",
            "InvalidDomain.Offline: The domain provided is offline.",
            "RequestId",
            "[AccountState]");
  }

  @Test
  @DisplayName(
      "push to two domains uploads the key once and binds the second domain by the stored certificate's id")
  void pushUploadsOnce() throws Exception {
    long keysBefore = emulator.keyUploads();
    CliRun r =
        run(
            cdnEnv(),
            args(
                List.of("push", "--domain", "www.example.com", "--domain", "static.example.com"),
                site,
                "--cert-name-prefix",
                "twice"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("uploaded", "bound by store id");
    assertThat(emulator.keyUploads() - keysBefore).isEqualTo(1);
    assertThat(emulator.servedFingerprint("static.example.com"))
        .isEqualTo(Fingerprints.of(site.certificate()));
  }

  @Test
  @DisplayName("push --dry-run prints what would be sent without the key and calls nothing")
  void pushDryRun() throws Exception {
    int before = emulator.calls().size();
    String key = site.keyPkcs1OrSec1();
    CliRun r =
        run(
            cdnEnv(),
            "push",
            "--dry-run",
            "--domain",
            "www.example.com",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", key).toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "would call SetCdnDomainSSLCertificate",
            "SSLPri=[REDACTED]",
            "DomainName=www.example.com");
    key.lines()
        .filter(l -> !l.startsWith("-----"))
        .forEach(line -> assertThat(r.out()).doesNotContain(line));
    assertThat(emulator.calls()).hasSize(before);
  }

  @Test
  @DisplayName("push without credentials says CredentialsNotFound")
  void pushWithoutCredentials() throws Exception {
    CliRun r =
        run(
            Map.of("CDN_ENDPOINT", emulator.baseUrl()),
            args(List.of("push", "--domain", "www.example.com"), site));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("CredentialsNotFound");
  }

  @Test
  @DisplayName("the emulator command starts an emulator with the flags' domains and keys")
  void emulatorCommand() throws Exception {
    EmulatorCommand command = new EmulatorCommand();
    new CommandLine(command)
        .parseArgs(
            "--port",
            "0",
            "--domain",
            "a.example.com",
            "--offline-domain",
            "b.example.com",
            "--access-key",
            "ID:SECRET");
    try (CdnEmulator started = command.start()) {
      assertThat(started.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(started.domainNames()).containsExactly("a.example.com", "b.example.com");
      assertThat(started.domainState("b.example.com")).isEqualTo(DomainState.OFFLINE);
    }
  }

  @Test
  @DisplayName("run reads its configuration from flags, else from non-empty environment variables")
  void runConfiguration() {
    RunCommand command =
        new RunCommand(
            Map.of(
                "CDN_ENDPOINT",
                "cdn.ap-southeast-1.aliyuncs.com",
                "CDN_SIGNATURE_VERSION",
                "",
                "WATCH_NAMESPACES",
                "web, shop",
                "DRIFT_CHECK_INTERVAL",
                "30m",
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "id",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "s"));
    new CommandLine(command).parseArgs("--http-port", "9090");
    OperatorConfig config = command.config();
    assertThat(config.endpoint().toString()).isEqualTo("https://cdn.ap-southeast-1.aliyuncs.com/");
    assertThat(config.signatureVersion()).isEqualTo(SignatureVersion.V3);
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("web", "shop");
    assertThat(config.syncSettings().driftCheckInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.defaultCredentials()).isPresent();
    CdnCredentials credentials =
        ((CdnResult.Success<CdnCredentials>) config.defaultCredentials().get().credentials())
            .value();
    assertThat(credentials.accessKeyId()).isEqualTo("id");
    assertThat(credentials.toString()).doesNotContain("=s]").contains("[REDACTED]");
  }
}
