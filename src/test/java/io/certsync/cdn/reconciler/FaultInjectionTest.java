package io.certsync.cdn.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Faults around the operator. Each scenario ends with every binding Synced and exactly one
 * successful upload per domain per certificate.
 */
class FaultInjectionTest {

  static final int BINDINGS = 4;
  static final int DOMAINS_PER_BINDING = 3;
  static Issued ca;
  OperatorHarness h;
  final Map<String, List<String>> bindings = new LinkedHashMap<>();

  @BeforeAll
  static void issuer() {
    ca = TestCertificates.ca("Fault CA");
  }

  @AfterEach
  void close() {
    OperatorHarness.closeChecked(h);
  }

  private void start(Consumer<EmulatorSettings> emulator, UnaryOperator<OperatorConfig> config)
      throws Exception {
    h =
        new OperatorHarness(
            s -> {
              for (int b = 0; b < BINDINGS; b++) {
                for (int d = 0; d < DOMAINS_PER_BINDING; d++) {
                  s.domain("d" + d + ".b" + b + ".example.com");
                }
              }
              emulator.accept(s);
            });
    h.withConfig(config).startOperator();
    for (int b = 0; b < BINDINGS; b++) {
      List<String> domains = new ArrayList<>();
      for (int d = 0; d < DOMAINS_PER_BINDING; d++) {
        domains.add("d" + d + ".b" + b + ".example.com");
      }
      bindings.put("b" + b, domains);
    }
  }

  private List<String> renew() {
    List<String> fingerprints = new ArrayList<>();
    bindings.forEach(
        (name, domains) -> {
          Issued cert = TestCertificates.leaf(ca, "*." + name + ".example.com");
          h.tlsSecret(name + "-tls", cert);
          fingerprints.add(Fingerprints.of(cert.certificate()));
        });
    return fingerprints;
  }

  private void createBindings() {
    bindings.forEach(
        (name, domains) -> h.createBinding(name, name + "-tls", domains.toArray(String[]::new)));
  }

  private void awaitAllServe(List<String> fingerprints, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              int i = 0;
              for (Map.Entry<String, List<String>> e : bindings.entrySet()) {
                for (String domain : e.getValue()) {
                  assertThat(h.emulator.servedFingerprint(domain))
                      .as(domain)
                      .isEqualTo(fingerprints.get(i));
                }
                assertThat(h.ready(e.getKey()).getReason()).as(e.getKey()).isEqualTo("Synced");
                i++;
              }
            });
  }

  private void assertUploadsPerDomain(int expected) throws InterruptedException {
    Thread.sleep(1000); // room for a late extra call to show
    bindings
        .values()
        .forEach(
            domains ->
                domains.forEach(
                    d -> assertThat(h.emulator.certificateWrites(d)).as(d).isEqualTo(expected)));
  }

  @Test
  @DisplayName(
      "20% of calls failing with 503: everything syncs and renews with exactly one upload per domain per certificate")
  void fiveHundreds() throws Exception {
    start(s -> s.failRate(0.2).seed(7), c -> c);
    List<String> first = renew();
    createBindings();
    awaitAllServe(first, Duration.ofSeconds(60));
    assertUploadsPerDomain(1);
    List<String> second = renew();
    awaitAllServe(second, Duration.ofSeconds(60));
    assertUploadsPerDomain(2);
    assertThat(h.emulator.calls(c -> "ServiceUnavailable".equals(c.errorCode()))).isNotEmpty();
  }

  @Test
  @DisplayName(
      "answers slower than the client timeout: the write landed, the retry reads back and does not write again")
  void slowAnswers() throws Exception {
    start(s -> {}, c -> c.withApiTimeout(Duration.ofMillis(500)));
    h.emulator.writeLatency(Duration.ofMillis(1500));
    List<String> first = renew();
    createBindings();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                bindings.keySet().stream()
                    .anyMatch(
                        b -> h.ready(b) != null && "NetworkError".equals(h.ready(b).getReason())));
    h.emulator.writeLatency(Duration.ZERO);
    awaitAllServe(first, Duration.ofSeconds(60));
    assertUploadsPerDomain(1);
  }

  @Test
  @DisplayName(
      "a throttling storm (the account's limit cut to 2 writes/s): retried with backoff, no upload lost or doubled")
  void throttlingStorm() throws Exception {
    start(
        s -> s.limit("SetCdnDomainSSLCertificate", 2).limit("DescribeDomainCertificateInfo", 4),
        c -> c);
    List<String> first = renew();
    createBindings();
    awaitAllServe(first, Duration.ofSeconds(60));
    assertUploadsPerDomain(1);
    assertThat(h.emulator.calls(c -> "Throttling.User".equals(c.errorCode()))).isNotEmpty();
  }

  @Test
  @DisplayName(
      "the operator stopped in the middle of a mass renewal and restarted: every domain renewed exactly once")
  void restartMidRenewal() throws Exception {
    start(s -> {}, c -> c);
    List<String> first = renew();
    createBindings();
    awaitAllServe(first, Duration.ofSeconds(30));
    // answers now take 8 s, longer than the operator's 5 s termination grace: stopping it cuts
    // in-flight pushes whose writes already landed
    h.emulator.writeLatency(Duration.ofSeconds(8));
    long before = h.emulator.calls(c -> c.isUpload()).size();
    List<String> second = renew();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> h.emulator.calls(c -> c.isUpload()).size() > before);
    h.stopOperator();
    // stopped mid-way: uploads may have landed, but status does not record them all
    int i = 0;
    boolean statusBehind = false;
    for (String name : bindings.keySet()) {
      String fp = second.get(i++);
      statusBehind |=
          h.binding(name).getStatus().getDomains().stream()
              .anyMatch(d -> !fp.equals(d.getFingerprint()));
    }
    assertThat(statusBehind)
        .as("status behind what the CDN serves when the operator stopped")
        .isTrue();
    h.emulator.writeLatency(Duration.ZERO);
    h.startOperator();
    awaitAllServe(second, Duration.ofSeconds(60));
    assertUploadsPerDomain(2);
  }

  @Test
  @DisplayName(
      "409 conflicts on status writes: retried, and the retry finds the domains serving, so nothing is uploaded twice")
  void statusConflicts() throws Exception {
    start(s -> {}, c -> c);
    h.conflictOnStatusWrites(3);
    List<String> first = renew();
    createBindings();
    awaitAllServe(first, Duration.ofSeconds(60));
    assertThat(h.pendingConflicts()).as("every conflict was served").isZero();
    assertUploadsPerDomain(1);
  }
}
