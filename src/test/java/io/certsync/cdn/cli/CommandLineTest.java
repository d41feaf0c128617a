package io.certsync.cdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** inspect, push and emulator through picocli, as a user would call them. */
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

  record Result(int exit, String out) {}

  private Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine(env, Clock.systemUTC());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute(args);
    return new Result(exit, out.toString());
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
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
    Result r =
        run(
            Map.of(),
            "inspect",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString(),
            "--domain",
            "www.example.com");
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
    Result wrongKey =
        run(Map.of(), "inspect", "--cert", crt.toString(), "--key", otherKey.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.out()).contains("verdict      KeyPairMismatch:");

    Instant now = Instant.now();
    Issued expired =
        TestCertificates.leaf(
            ca,
            TestCertificates.rsa(),
            now.minus(Duration.ofDays(60)),
            now.minus(Duration.ofDays(1)),
            "www.example.com");
    Result exp =
        run(
            Map.of(),
            "inspect",
            "--cert",
            write("e.pem", expired.chainPem()).toString(),
            "--key",
            write("ek.pem", expired.keyPkcs1OrSec1()).toString());
    assertThat(exp.exit()).isEqualTo(1);
    assertThat(exp.out()).contains("verdict      CertificateExpired:");

    Result uncovered =
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

    Result malformed =
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
    Result r = run(Map.of(), "inspect", "--secret-file", opaque.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("SecretTypeInvalid");
  }

  @Test
  @DisplayName("push sets a domain through the emulator and prints its RequestId")
  void pushSucceeds() throws Exception {
    Result r =
        run(
            cdnEnv(),
            "push",
            "--domain",
            "www.example.com",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString(),
            "--cert-name-prefix",
            "manual");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("www.example.com", "OK", "CertName=manual-", "RequestId=");
    assertThat(emulator.servedFingerprint("www.example.com"))
        .isEqualTo(Fingerprints.of(site.certificate()));
  }

  @Test
  @DisplayName("push reports an API error code per domain and exits 1")
  void pushReportsApiError() throws Exception {
    Result r =
        run(
            cdnEnv(),
            "push",
            "--domain",
            "offline.example.com",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString());
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
    Result r =
        run(
            cdnEnv(),
            "push",
            "--domain",
            "www.example.com",
            "--domain",
            "static.example.com",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString(),
            "--cert-name-prefix",
            "twice");
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
    Result r =
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
    Result r =
        run(
            Map.of("CDN_ENDPOINT", emulator.baseUrl()),
            "push",
            "--domain",
            "www.example.com",
            "--cert",
            write("c.pem", site.chainPem()).toString(),
            "--key",
            write("k.pem", site.keyPkcs1OrSec1()).toString());
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
    assertThat(config.signatureVersion())
        .isEqualTo(io.certsync.cdn.cloudapi.aliyun.SignatureVersion.V3);
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("web", "shop");
    assertThat(config.syncSettings().driftCheckInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.defaultCredentials()).isPresent();
    io.certsync.cdn.cloudapi.CdnCredentials credentials =
        ((io.certsync.cdn.cloudapi.CdnResult.Success<io.certsync.cdn.cloudapi.CdnCredentials>)
                config.defaultCredentials().get().credentials())
            .value();
    assertThat(credentials.accessKeyId()).isEqualTo("id");
    assertThat(credentials.toString()).doesNotContain("=s]").contains("[REDACTED]");
  }

  @Test
  @DisplayName("sandbox --once runs the whole story and exits 0")
  void sandboxOnce() {
    Result r = run(Map.of(), "sandbox", "--once", "--verbose");
    assertThat(r.out())
        .contains(
            "first Synced",
            "story: 4/4 steps as expected",
            "InvalidDomainOffline",
            "KeyPairMismatch");
    assertThat(r.exit()).isZero();
  }

  @Test
  @DisplayName(
      "benchmark at a small scale writes its tables and chart (the memory run needs the jar and is skipped here)")
  void benchmarkSmallScale() throws Exception {
    Result r =
        run(
            Map.of(),
            "benchmark",
            "--domains",
            "12",
            "--renewals",
            "3",
            "--skip-memory",
            "--out",
            dir.toString());
    assertThat(r.exit()).isZero();
    String report = Files.readString(dir.resolve("benchmarks.md"));
    assertThat(report)
        .contains(
            "## Mass renewal",
            "| 12 | 5 |",
            "| 0 | 12 |",
            "## Propagation latency",
            "## Operator restart",
            "| 0 | 0 |");
    assertThat(Files.readString(dir.resolve("mass-renewal-12.svg")))
        .startsWith("<svg")
        .contains("limit 30/s");
  }
}
