package io.certsync.cdn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What running the operator looks like: metrics, health, and leader election with two replicas. */
class OperationsTest {

  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  OperatorHarness h;

  @AfterEach
  void close() {
    OperatorHarness.closeChecked(h);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName(
      "after a sync, /metrics carries API calls, latency, limiter wait, pushes, expiry, last sync and readiness")
  void metricsAfterSync() throws Exception {
    h =
        new OperatorHarness(
            s -> s.domain(WWW).domain(STATIC).domain("offline.example.com", DomainState.OFFLINE));
    h.startOperator();
    h.tlsSecret(
        "www-tls",
        TestCertificates.leaf(
            TestCertificates.ca("Metrics CA"), WWW, STATIC, "offline.example.com"));
    h.createBinding("www", "www-tls", WWW, STATIC);
    h.createBinding("offline", "www-tls", "offline.example.com");
    h.awaitReady("www", "True", "Synced");
    h.awaitReady("offline", "False", "InvalidDomainOffline");
    int port = h.runtime().httpPort().orElseThrow();
    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              String metrics = get(port, "/metrics").body();
              assertThat(metrics)
                  .contains(
                      "cdn_api_calls_total{action=\"SetCdnDomainSSLCertificate\",code=\"OK\"} 2.0")
                  .contains(
                      "cdn_api_calls_total{action=\"DescribeDomainCertificateInfo\",code=\"OK\"}")
                  .contains(
                      "cdn_api_request_duration_seconds_bucket{action=\"SetCdnDomainSSLCertificate\"")
                  .contains(
                      "cdn_api_rate_limiter_wait_seconds_count{action=\"SetCdnDomainSSLCertificate\"} 3")
                  .contains(
                      "cdn_certificate_pushes_total{binding=\"www\",domain=\"www.example.com\",namespace=\"web\",outcome=\"deployed\"} 1.0")
                  .contains(
                      "cdn_certificate_expiration_timestamp_seconds{binding=\"www\",namespace=\"web\"}")
                  .contains(
                      "cdn_domain_served_expiration_timestamp_seconds{binding=\"www\",domain=\"static.example.com\",namespace=\"web\"}")
                  .contains(
                      "cdn_domain_last_sync_timestamp_seconds{binding=\"www\",domain=\"www.example.com\",namespace=\"web\"}")
                  .contains("cdn_binding_ready{binding=\"www\",namespace=\"web\"} 1.0")
                  .contains("cdn_binding_ready{binding=\"offline\",namespace=\"web\"} 0.0")
                  .contains(
                      "cdn_certificate_pushes_total{binding=\"offline\",domain=\"offline.example.com\",namespace=\"web\",outcome=\"InvalidDomain.Offline\"} 1.0")
                  .contains("operator_sdk_")
                  .contains("jvm_memory_used_bytes");
            });
  }

  @Test
  @DisplayName(
      "a domain removed from a binding leaves /metrics, so its expiry cannot raise an alert for ever")
  void removedDomainLeavesTheMetrics() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(STATIC));
    h.startOperator();
    h.tlsSecret("www-tls", TestCertificates.leaf(TestCertificates.ca("Metrics CA"), WWW, STATIC));
    h.createBinding("www", "www-tls", WWW, STATIC);
    h.awaitReady("www", "True", "Synced");
    int port = h.runtime().httpPort().orElseThrow();
    String staticExpiry =
        "cdn_domain_served_expiration_timestamp_seconds{binding=\"www\",domain=\"static.example.com\"";
    await().untilAsserted(() -> assertThat(get(port, "/metrics").body()).contains(staticExpiry));
    h.client
        .resources(CdnCertificateBinding.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName("www")
        .edit(
            b -> {
              b.getSpec().setDomains(List.of(WWW));
              return b;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get(port, "/metrics").body())
                    .doesNotContain(staticExpiry)
                    .contains(
                        "cdn_domain_served_expiration_timestamp_seconds{binding=\"www\",domain=\"www.example.com\""));
  }

  @Test
  @DisplayName(
      "with two replicas only the leader pushes; when it dies the standby pushes the next renewal")
  void leaderElection() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(STATIC));
    h.withConfig(c -> c.withLeaderElection(election("replica-a"))).startOperator();
    await().atMost(Duration.ofSeconds(10)).until(() -> holder() != null);
    OperatorConfig standbyConfig = h.config().withLeaderElection(election("replica-b"));
    try (OperatorRuntime standby =
        OperatorRuntime.start(h.client, standbyConfig, Clock.systemUTC())) {
      assertThat(holder()).isEqualTo("replica-a");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(h.runtime().isReady()).as("leader ready").isTrue();
                assertThat(standby.isReady())
                    .as("standby ready too, or a rolling update would never finish")
                    .isTrue();
              });
      Issued ca = TestCertificates.ca("HA CA");
      h.tlsSecret("www-tls", TestCertificates.leaf(ca, WWW, STATIC));
      h.createBinding("www", "www-tls", WWW, STATIC);
      h.awaitReady("www", "True", "Synced");
      Thread.sleep(1000);
      assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
      assertThat(h.emulator.certificateWrites(STATIC)).isEqualTo(1);

      h.stopOperator();
      assertThat(holder())
          .as("a stopped leader hands the Lease over instead of letting it expire")
          .isIn(null, "", "replica-b");
      await().atMost(Duration.ofSeconds(15)).until(() -> "replica-b".equals(holder()));
      Issued renewed = TestCertificates.leaf(ca, WWW, STATIC);
      h.tlsSecret("www-tls", renewed);
      String fp = Fingerprints.of(renewed.certificate());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  fp.equals(h.emulator.servedFingerprint(WWW))
                      && fp.equals(h.emulator.servedFingerprint(STATIC)));
      Thread.sleep(1000);
      assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(2);
      assertThat(h.emulator.certificateWrites(STATIC)).isEqualTo(2);
    }
  }

  /**
   * The Lease outlives any stall of a loaded test machine: a leader that lost it would end this
   * JVM, as it ends the operator's.
   */
  private static LeaderElection election(String identity) {
    return new LeaderElection(
        "cdn-cert-operator",
        "default",
        identity,
        Duration.ofSeconds(8),
        Duration.ofSeconds(6),
        Duration.ofMillis(300));
  }

  private String holder() {
    Lease lease = h.client.leases().inNamespace("default").withName("cdn-cert-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
