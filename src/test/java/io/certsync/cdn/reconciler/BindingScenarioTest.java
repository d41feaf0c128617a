package io.certsync.cdn.reconciler;

import static io.certsync.cdn.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.api.v1alpha1.CdnApi;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.DeletionPolicy;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Scenarios over several reconcile cycles: the operator in-process against the mock API server, the
 * CDN emulator over HTTP. Each scenario ends by proving that no key material leaked.
 *
 * <p>Longer than 300 lines: each scenario is a story of several cycles; splitting them would
 * scatter the shared harness set-up, not shorten a scenario.
 */
class BindingScenarioTest {

  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  static final String OFFLINE = "offline.example.com";
  static Issued ca;

  OperatorHarness h;

  @BeforeAll
  static void issuer() {
    ca = TestCertificates.ca("Scenario CA");
  }

  private OperatorHarness harness() throws Exception {
    h =
        new OperatorHarness(
            s ->
                s.domain(WWW)
                    .domain(STATIC)
                    .domain(OFFLINE, io.certsync.cdn.emulator.DomainState.OFFLINE));
    return h;
  }

  @AfterEach
  void close() {
    OperatorHarness.closeChecked(h);
  }

  private static Issued site() {
    return TestCertificates.leaf(ca, WWW, STATIC, OFFLINE);
  }

  @Test
  @DisplayName("a new binding of two domains uploads once per domain and becomes Ready=True Synced")
  void createThenSynced() throws Exception {
    harness().startOperator();
    Issued cert = site();
    h.tlsSecret("www-tls", cert);
    h.createBinding("www", "www-tls", WWW, STATIC);
    CdnCertificateBinding b = h.awaitReady("www", "True", "Synced");

    String fp = Fingerprints.of(cert.certificate());
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
    assertThat(h.emulator.certificateWrites(STATIC)).isEqualTo(1);
    assertThat(h.emulator.servedFingerprint(WWW)).isEqualTo(fp);
    assertThat(b.getStatus().getCertificate().getFingerprint()).isEqualTo(fp);
    assertThat(b.getStatus().getCertificate().getDnsNames()).contains(WWW, STATIC);
    assertThat(b.getStatus().getObservedGeneration()).isEqualTo(b.getMetadata().getGeneration());
    assertThat(b.getStatus().getSyncedDomains()).isEqualTo("2/2");
    assertThat(b.getStatus().getDomains())
        .extracting(DomainStatus::getDomain)
        .containsExactly(WWW, STATIC);
    for (DomainStatus d : b.getStatus().getDomains()) {
      assertThat(d.getState()).isEqualTo(DomainState.Synced);
      assertThat(d.getFingerprint()).isEqualTo(fp);
      assertThat(d.getCertName()).isEqualTo("web-www-tls-" + fp.substring(7, 23));
      assertThat(d.getRequestId()).isNotBlank();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(h.events())
                    .extracting(Event::getReason)
                    .contains("CertificateDeployed", "Synced"));
    assertThat(h.events()).filteredOn(e -> e.getReason().equals("CertificateDeployed")).hasSize(2);
  }

  @Test
  @DisplayName("a renewal as cert-manager writes it uploads exactly once more per domain")
  void rotationUploadsOncePerDomain() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW, STATIC);
    h.awaitReady("www", "True", "Synced");
    Condition first = h.ready("www");

    Issued renewed = site();
    h.tlsSecret("www-tls", renewed);
    String fp = Fingerprints.of(renewed.certificate());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(h.binding("www").getStatus().getDomains())
                  .allMatch(d -> fp.equals(d.getFingerprint()));
              assertThat(h.ready("www").getReason()).isEqualTo("Synced");
            });
    Thread.sleep(1000); // room for any extra call to show up
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(2);
    assertThat(h.emulator.certificateWrites(STATIC)).isEqualTo(2);
    assertThat(h.emulator.servedFingerprint(STATIC)).isEqualTo(fp);
    // Ready stayed True: its transition time did not move
    assertThat(h.ready("www").getLastTransitionTime()).isEqualTo(first.getLastTransitionTime());
  }

  @Test
  @DisplayName("an operator restart with everything synced makes zero API write calls")
  void restartMakesNoWrites() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW, STATIC);
    h.awaitReady("www", "True", "Synced");
    long writes = h.emulator.writeCalls();
    String resourceVersion = h.binding("www").getMetadata().getResourceVersion();

    h.restartOperator();
    Thread.sleep(2000);
    assertThat(h.emulator.writeCalls()).isEqualTo(writes);
    assertThat(h.binding("www").getMetadata().getResourceVersion())
        .as("no status write either")
        .isEqualTo(resourceVersion);
  }

  @Test
  @DisplayName("domains that already serve the certificate are read back and not uploaded")
  void alreadyServingIsNotUploaded() throws Exception {
    harness();
    Issued cert = site();
    h.emulator.serve(WWW, "by-hand", cert.chainPem());
    h.emulator.serve(STATIC, "by-hand", cert.chainPem());
    h.startOperator();
    h.tlsSecret("www-tls", cert);
    h.createBinding("www", "www-tls", WWW, STATIC);
    CdnCertificateBinding b = h.awaitReady("www", "True", "Synced");
    assertThat(h.emulator.writeCalls()).isZero();
    assertThat(h.emulator.calls(c -> c.action().equals("DescribeDomainCertificateInfo")))
        .hasSize(2);
    assertThat(b.getStatus().getDomains()).allMatch(d -> d.getCertName().equals("by-hand"));
  }

  @Test
  @DisplayName(
      "a wrong key, an expired certificate and an uncovered domain each get their reason and no API call")
  void preflightFailuresCallNothing() throws Exception {
    harness().startOperator();
    Issued cert = site();
    Issued other = site();
    h.tlsSecret("wrong-key", cert.chainPem(), other.keyPkcs1OrSec1());
    h.createBinding("wrong-key", "wrong-key", WWW);
    Instant now = Instant.now();
    Issued expired =
        TestCertificates.leafValid(
            ca, now.minus(Duration.ofDays(90)), now.minus(Duration.ofHours(1)), WWW);
    h.tlsSecret("expired", expired);
    h.createBinding("expired", "expired", WWW);
    Issued narrow = TestCertificates.leaf(ca, "only.example.com");
    h.tlsSecret("narrow", narrow);
    h.createBinding("narrow", "narrow", WWW);

    Condition wrongKey =
        h.awaitReady("wrong-key", "False", "KeyPairMismatch")
            .getStatus()
            .readyCondition()
            .orElseThrow();
    assertThat(wrongKey.getMessage())
        .contains("Secret web/wrong-key")
        .contains("does not belong to the leaf certificate");
    assertThat(
            h.awaitReady("expired", "False", "CertificateExpired")
                .getStatus()
                .getCertificate()
                .getNotAfter())
        .isNotBlank();
    CdnCertificateBinding uncovered = h.awaitReady("narrow", "False", "DomainNotCovered");
    assertThat(uncovered.getStatus().getDomains().get(0).getState()).isEqualTo(DomainState.Failed);
    assertThat(uncovered.getStatus().readyCondition().orElseThrow().getMessage())
        .contains(WWW)
        .contains("only.example.com");
    Thread.sleep(500);
    assertThat(h.emulator.calls()).isEmpty();
  }

  @Test
  @DisplayName(
      "a missing Secret and a Secret of the wrong type get their reasons and no API call, and a fix syncs")
  void secretProblems() throws Exception {
    harness().startOperator();
    h.createBinding("missing", "nothing-here", WWW);
    h.apply(
        new SecretBuilder()
            .withNewMetadata()
            .withName("opaque")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withType("Opaque")
            .addToData("tls.crt", "AA==")
            .build());
    h.createBinding("opaque", "opaque", STATIC);
    assertThat(
            h.awaitReady("missing", "False", "SecretNotFound")
                .getStatus()
                .readyCondition()
                .orElseThrow()
                .getMessage())
        .isEqualTo("Secret web/nothing-here does not exist");
    assertThat(
            h.awaitReady("opaque", "False", "SecretTypeInvalid")
                .getStatus()
                .readyCondition()
                .orElseThrow()
                .getMessage())
        .contains("has type Opaque, not kubernetes.io/tls");
    assertThat(h.emulator.calls()).isEmpty();

    h.tlsSecret("nothing-here", site());
    h.awaitReady("missing", "True", "Synced");
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an offline domain is Failed with InvalidDomainOffline while the other domain is Synced")
  void offlineDomain() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW, OFFLINE);
    CdnCertificateBinding b = h.awaitReady("www", "False", "InvalidDomainOffline");
    DomainStatus www = b.getStatus().getDomains().get(0);
    DomainStatus offline = b.getStatus().getDomains().get(1);
    assertThat(www.getState()).isEqualTo(DomainState.Synced);
    assertThat(offline.getState()).isEqualTo(DomainState.Failed);
    assertThat(offline.getErrorCode()).isEqualTo("InvalidDomain.Offline");
    assertThat(offline.getRequestId()).isNotBlank();
    assertThat(b.getStatus().readyCondition().orElseThrow().getMessage())
        .startsWith(
            "1/2 domains synced; offline.example.com: InvalidDomain.Offline: The domain provided is offline. (RequestId ")
        .contains("start the domain in the CDN console");
    assertThat(b.getStatus().getDomains().get(0).getServedNotAfter())
        .isEqualTo(b.getStatus().getCertificate().getNotAfter());
    long offlineCalls = h.emulator.calls(c -> OFFLINE.equals(c.domain())).size();
    Thread.sleep(1500);
    assertThat(h.emulator.calls(c -> OFFLINE.equals(c.domain())))
        .as("re-checked slowly, not in a loop")
        .hasSize((int) offlineCalls);
    assertThat(h.events())
        .anyMatch(
            e -> "Warning".equals(e.getType()) && "InvalidDomainOffline".equals(e.getReason()));
  }

  @Test
  @DisplayName(
      "503 answers and throttling are retried with backoff until every domain is synced, no call lost")
  void transientFailuresAreRetried() throws Exception {
    harness();
    h.emulator.failRate(0.6);
    h.startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW, STATIC);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> h.emulator.calls(c -> "ServiceUnavailable".equals(c.errorCode())).size() >= 1);
    h.emulator.failRate(0);
    h.awaitReady("www", "True", "Synced");
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
    assertThat(h.emulator.certificateWrites(STATIC)).isEqualTo(1);
  }

  @Test
  @DisplayName("a throttled account is retried with backoff until synced")
  void throttlingIsRetried() throws Exception {
    h =
        new OperatorHarness(
            s ->
                s.domain(WWW)
                    .domain(STATIC)
                    .domain("a.example.com")
                    .limit("SetCdnDomainSSLCertificate", 1));
    h.startOperator();
    h.tlsSecret("wild", TestCertificates.leaf(ca, "*.example.com"));
    h.createBinding("wild", "wild", WWW, STATIC, "a.example.com");
    h.awaitReady("wild", "True", "Synced");
    List<RecordedCall> throttled = h.emulator.calls(c -> "Throttling.User".equals(c.errorCode()));
    assertThat(throttled).as("the emulator's 1/s limit was hit").isNotEmpty();
    assertThat(
            h.emulator.certificateWrites(WWW)
                + h.emulator.certificateWrites(STATIC)
                + h.emulator.certificateWrites("a.example.com"))
        .isEqualTo(3);
  }

  @Test
  @DisplayName("suspend observes and reports without calling a write API")
  void suspendCallsNoWriteApi() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", spec -> spec.setSuspend(true), WWW);
    h.awaitReady("www", "False", "Suspended");
    assertThat(h.emulator.writeCalls()).isZero();
  }

  @Test
  @DisplayName(
      "a credentials Secret that is missing or incomplete gives CredentialsNotFound or CredentialsInvalid")
  void credentialProblems() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding(
        "nocreds",
        "www-tls",
        spec ->
            spec.setCredentialsSecretRef(
                new io.certsync.cdn.api.v1alpha1.SecretReference("absent")),
        WWW);
    h.awaitReady("nocreds", "False", "CredentialsNotFound");
    h.apply(
        new SecretBuilder()
            .withNewMetadata()
            .withName("half")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withType("Opaque")
            .addToData("accessKeyId", TestCertificates.base64("x"))
            .build());
    h.createBinding(
        "halfcreds",
        "www-tls",
        spec ->
            spec.setCredentialsSecretRef(new io.certsync.cdn.api.v1alpha1.SecretReference("half")),
        STATIC);
    h.awaitReady("halfcreds", "False", "CredentialsInvalid");
    assertThat(h.emulator.calls()).isEmpty();
    h.createBinding(
        "badcreds",
        "www-tls",
        spec ->
            spec.setCredentialsSecretRef(
                h.credentialsSecret("bad", "LTAI-operator", "wrong-secret-value")),
        OFFLINE);
    h.awaitReady("badcreds", "False", "SignatureDoesNotMatch");
    int calls = h.emulator.calls().size();
    Thread.sleep(1500);
    assertThat(h.emulator.calls()).as("re-checked slowly, not a storm").hasSize(calls);
  }

  @Test
  @DisplayName(
      "a certificate changed in the console is put back by the next drift check with exactly one upload")
  void driftIsCorrected() throws Exception {
    harness()
        .withConfig(
            c -> c.withSyncSettings(c.syncSettings().withDriftCheckInterval(Duration.ofSeconds(1))))
        .startOperator();
    Issued cert = site();
    h.tlsSecret("www-tls", cert);
    h.createBinding("www", "www-tls", WWW);
    h.awaitReady("www", "True", "Synced");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.binding("www").getStatus().getDomains().get(0).getLastCheckTime() != null
                    || h.emulator
                            .calls(c -> c.action().equals("DescribeDomainCertificateInfo"))
                            .size()
                        >= 2);
    assertThat(h.emulator.certificateWrites(WWW))
        .as("a drift check that finds nothing changes nothing")
        .isEqualTo(1);

    h.emulator.serve(WWW, "changed-in-console", site().chainPem());
    String fp = Fingerprints.of(cert.certificate());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fp.equals(h.emulator.servedFingerprint(WWW)));
    Thread.sleep(1500);
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(h.events()).extracting(Event::getReason).contains("DriftCorrected"));
  }

  @Test
  @DisplayName("a binding on the legacy SetDomainServerCertificate API syncs through that API")
  void legacyApi() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding(
        "legacy", "www-tls", spec -> spec.setApi(CdnApi.SetDomainServerCertificate), WWW, OFFLINE);
    CdnCertificateBinding b = h.awaitReady("legacy", "False", "InvalidDomainOffline");
    assertThat(b.getStatus().getDomains().get(0).getState()).isEqualTo(DomainState.Synced);
    assertThat(h.emulator.calls(c -> c.isUpload()))
        .extracting(RecordedCall::action)
        .containsOnly("SetDomainServerCertificate");
  }

  @Test
  @DisplayName(
      "deleting a Disable binding turns HTTPS off for its domains; an offline domain does not hold the deletion")
  void disableOnDeletion() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding(
        "www",
        "www-tls",
        spec -> spec.setDeletionPolicy(DeletionPolicy.Disable),
        WWW,
        STATIC,
        OFFLINE);
    h.awaitReady("www", "False", "InvalidDomainOffline");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.binding("www").hasFinalizer(CdnCertificateBindingReconciler.FINALIZER));
    assertThat(h.emulator.servedFingerprint(WWW)).isNotNull();

    h.client.resources(CdnCertificateBinding.class).inNamespace(NAMESPACE).withName("www").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> h.binding("www") == null);
    assertThat(h.emulator.servedFingerprint(WWW)).isNull();
    assertThat(h.emulator.servedFingerprint(STATIC)).isNull();
    assertThat(
            h.emulator.calls(
                c -> c.action().startsWith("Set") && c.fingerprint() == null && c.succeeded()))
        .hasSize(2);
  }

  @Test
  @DisplayName("a Retain binding gets no finalizer, and deleting it leaves the CDN serving")
  void retainOnDeletion() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW);
    CdnCertificateBinding b = h.awaitReady("www", "True", "Synced");
    assertThat(b.getMetadata().getFinalizers()).isNullOrEmpty();
    long writes = h.emulator.writeCalls();
    h.client.resources(CdnCertificateBinding.class).inNamespace(NAMESPACE).withName("www").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.binding("www") == null);
    Thread.sleep(500);
    assertThat(h.emulator.writeCalls()).isEqualTo(writes);
    assertThat(h.emulator.servedFingerprint(WWW)).isNotNull();
  }

  @Test
  @DisplayName(
      "fixing a labelled credentials Secret re-triggers its binding at once, not after the slow re-check")
  void credentialsFixRetriggers() throws Exception {
    harness().startOperator();
    h.tlsSecret("www-tls", site());
    h.createBinding(
        "www",
        "www-tls",
        spec ->
            spec.setCredentialsSecretRef(
                new io.certsync.cdn.api.v1alpha1.SecretReference("cdn-creds")),
        WWW);
    h.awaitReady("www", "False", "CredentialsNotFound");
    h.credentialsSecret(
        "cdn-creds", OperatorHarness.KEYS.accessKeyId(), OperatorHarness.KEYS.accessKeySecret());
    h.awaitReady("www", "True", "Synced");
  }

  @Test
  @DisplayName(
      "a binding by certId binds the stored certificate with CertType=cas and sends no key")
  void storedCertificate() throws Exception {
    Issued stored = site();
    h =
        new OperatorHarness(
            s -> s.domain(WWW).domain(STATIC).storedCertificate(12345L, stored.chainPem()));
    h.startOperator();
    h.createBinding("cas", null, spec -> spec.setCertId(12345L), WWW, STATIC);
    CdnCertificateBinding b = h.awaitReady("cas", "True", "Synced");
    String fp = Fingerprints.of(stored.certificate());
    assertThat(h.emulator.servedFingerprint(WWW)).isEqualTo(fp);
    assertThat(h.emulator.calls(c -> c.action().equals("SetCdnDomainSSLCertificate")))
        .hasSize(2)
        .noneMatch(RecordedCall::keySent);
    assertThat(b.getStatus().getDomains())
        .allMatch(d -> "12345".equals(d.getCertId()) && fp.equals(d.getFingerprint()));
    assertThat(b.getStatus().getCertificate().getFingerprint()).isEqualTo(fp);

    long writes = h.emulator.writeCalls();
    h.restartOperator();
    Thread.sleep(1500);
    assertThat(h.emulator.writeCalls()).isEqualTo(writes);
  }

  @Test
  @DisplayName(
      "a certId the store does not hold is Failed with CertificateNotFind and not retried in a loop")
  void unknownStoredCertificate() throws Exception {
    harness().startOperator();
    h.createBinding("cas", null, spec -> spec.setCertId(999L), WWW);
    h.awaitReady("cas", "False", "CertificateNotFind");
    int calls = h.emulator.calls().size();
    Thread.sleep(1000);
    assertThat(h.emulator.calls()).hasSize(calls);
  }

  @Test
  @DisplayName(
      "a fix-the-input error from the API is not retried until the Secret changes, across restarts too")
  void inputErrorWaitsForChange() throws Exception {
    harness().startOperator();
    h.emulator.forceError(WWW, "InvalidSSLPub", 400, "The specified SSLPub is invalid.");
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW);
    CdnCertificateBinding b = h.awaitReady("www", "False", "InvalidSSLPub");
    assertThat(b.getStatus().readyCondition().orElseThrow().getMessage())
        .contains("not retried until the Secret or the binding changes");
    int calls = h.emulator.calls().size();
    h.restartOperator();
    Thread.sleep(1500);
    assertThat(h.emulator.calls()).hasSize(calls);
    assertThat(h.ready("www").getReason()).isEqualTo("InvalidSSLPub");

    h.emulator.forceError(WWW, null, 0, null);
    h.tlsSecret("www-tls", site());
    h.awaitReady("www", "True", "Synced");
  }

  @Test
  @DisplayName(
      "an upload answered CertificateContent.Duplicated is verified by reading back, not repeated")
  void duplicateAnswerIsVerified() throws Exception {
    harness().startOperator();
    h.emulator.errorAfterApplying(WWW, "CertificateContent.Duplicated");
    h.tlsSecret("www-tls", site());
    h.createBinding("www", "www-tls", WWW);
    h.awaitReady("www", "True", "Synced");
    assertThat(h.emulator.calls(c -> c.action().equals("SetCdnDomainSSLCertificate"))).hasSize(1);
  }

  @Test
  @DisplayName(
      "the domains of one binding are synced in parallel, not one round trip after another")
  void domainsSyncInParallel() throws Exception {
    h =
        new OperatorHarness(
            s -> {
              for (int i = 0; i < 8; i++) {
                s.domain("p" + i + ".example.com");
              }
            });
    h.emulator.latency(Duration.ofMillis(200));
    h.startOperator();
    h.tlsSecret("wild", TestCertificates.leaf(ca, "*.example.com"));
    String[] domains = new String[8];
    for (int i = 0; i < 8; i++) {
      domains[i] = "p" + i + ".example.com";
    }
    h.createBinding("parallel", "wild", domains);
    h.awaitReady("parallel", "True", "Synced");
    assertThat(h.emulator.maxConcurrentCalls()).isGreaterThan(1);
    for (String d : domains) {
      assertThat(h.emulator.certificateWrites(d)).isEqualTo(1);
    }
  }
}
