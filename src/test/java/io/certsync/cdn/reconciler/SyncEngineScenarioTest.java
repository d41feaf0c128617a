package io.certsync.cdn.reconciler;

import static io.certsync.cdn.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import io.certsync.cdn.api.v1alpha1.DeletionPolicy;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sync engine's remembered decisions, over real reconcile cycles: retries follow the decision
 * stored at the failure, Events follow the status write, the unexpected reaches status, deletion
 * backs off and never hangs, and one binding owns a domain.
 */
class SyncEngineScenarioTest {

  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  static Issued ca;

  OperatorHarness h;

  @BeforeAll
  static void issuer() {
    ca = TestCertificates.ca("Engine CA");
  }

  @AfterEach
  void close() {
    OperatorHarness.closeChecked(h);
  }

  private OperatorHarness started() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(STATIC));
    h.startOperator();
    h.tlsSecret("www-tls", TestCertificates.leaf(ca, WWW, STATIC));
    return h;
  }

  @Test
  @DisplayName(
      "a 503 with a code nobody documented is retried within its backoff, and synced soon after the endpoint recovers")
  void unknownJsonCodeIsRetriedWithinItsBackoff() throws Exception {
    started();
    h.emulator.forceError(WWW, "Weird.Overloaded", 503, "overloaded");
    h.createBinding("www", "www-tls", WWW);
    // backoff 200 ms doubling to 2 s: three attempts in a few seconds, not one per 10 minutes
    await().atMost(Duration.ofSeconds(15)).until(() -> failures(WWW) >= 3);
    DomainStatus failing = domain(WWW);
    assertThat(failing.getErrorClass()).isEqualTo("Transient");
    assertThat(failing.getHttpStatus()).isEqualTo(503);
    h.emulator.forceError(WWW, null, 0, null);
    h.awaitReady("www", "True", "Synced");
  }

  @Test
  @DisplayName(
      "a gateway's HTML 502 is retried within its backoff, and synced soon after the endpoint recovers")
  void htmlGatewayErrorIsRetriedWithinItsBackoff() throws Exception {
    started();
    h.emulator.rawAnswer(WWW, 502, "<html><body>502 Bad Gateway</body></html>");
    h.createBinding("www", "www-tls", WWW);
    await().atMost(Duration.ofSeconds(15)).until(() -> failures(WWW) >= 3);
    assertThat(domain(WWW).getErrorCode()).isEqualTo("HttpStatus502");
    h.emulator.rawAnswer(WWW, 0, null);
    h.awaitReady("www", "True", "Synced");
  }

  @Test
  @DisplayName(
      "a failing domain costs at most one API call and one status write per backoff step, each at the time decided at the failure")
  void aFailingDomainCostsOneCallAndOneWritePerStep() throws Exception {
    started();
    h.emulator.forceError(WWW, "ServiceUnavailable", 503, "busy");
    h.createBinding("www", "www-tls", WWW);
    h.awaitReady("www", "False", "ServiceUnavailable");
    int writesBefore = h.statusWrites();
    long callsBefore = calls(WWW);
    Thread.sleep(6000);
    long calls = calls(WWW) - callsBefore;
    int writes = h.statusWrites() - writesBefore;
    // the steps of 200 ms doubling to 2 s, jitter at least half a step, in 6 s: at most 9
    assertThat(calls).as("API calls").isBetween(2L, 9L);
    assertThat(writes).as("status writes, one per failed attempt").isLessThanOrEqualTo((int) calls);
    DomainStatus d = domain(WWW);
    Instant last = Instant.parse(d.getLastAttemptTime());
    Instant next = Instant.parse(d.getNextAttemptTime());
    assertThat(Duration.between(last, next))
        .as("the backoff decided at failure " + d.getFailures())
        .isBetween(Duration.ZERO, Duration.ofSeconds(3));
  }

  @Test
  @DisplayName(
      "a drift read-back that keeps failing backs off like a write, remembered in status, and the domain stays Synced")
  void failingDriftReadsBackOff() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(STATIC));
    h.withConfig(
            c ->
                c.withSyncSettings(c.syncSettings().withDriftCheckInterval(Duration.ofMillis(500))))
        .startOperator();
    h.tlsSecret("www-tls", TestCertificates.leaf(ca, WWW, STATIC));
    h.createBinding("www", "www-tls", WWW);
    h.awaitReady("www", "True", "Synced");
    h.emulator.forceError(WWW, "ServiceUnavailable", 503, "busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> failures(WWW) >= 1);
    long callsBefore = calls(WWW);
    Thread.sleep(4000);
    long reads = calls(WWW) - callsBefore;
    // steps of 200 ms doubling to 2 s (jitter at least half a step): at most 8 in 4 s, where a
    // backoff re-drawn at its first step every time would read about 25 times
    assertThat(reads).as("read-backs while the endpoint fails").isBetween(2L, 8L);
    DomainStatus d = domain(WWW);
    assertThat(d.getState()).isEqualTo(DomainState.Synced);
    assertThat(d.getFailures()).isGreaterThanOrEqualTo(3);
    assertThat(h.ready("www").getStatus()).isEqualTo("True");

    h.emulator.forceError(WWW, null, 0, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> domain(WWW).getFailures() == null);
    assertThat(domain(WWW).getNextAttemptTime()).isNull();
  }

  @Test
  @DisplayName(
      "a transition records its Events once, after the status write lands through two 409s")
  void eventsFollowTheStatusWrite() throws Exception {
    started();
    h.conflictOnStatusWrites(2);
    h.createBinding("www", "www-tls", WWW, STATIC);
    h.awaitReady("www", "True", "Synced");
    Thread.sleep(500);
    assertThat(h.pendingConflicts()).isZero();
    assertThat(events("Synced")).hasSize(1);
    assertThat(events("CertificateDeployed")).hasSize(2);
  }

  @Test
  @DisplayName(
      "an unexpected exception reaches status as ReconcileError instead of leaving it stale")
  void theUnexpectedReachesStatus() throws Exception {
    started();
    h.failSecretReads("not-yet");
    h.createBinding("www", "not-yet", WWW);
    CdnCertificateBinding b = h.awaitReady("www", "False", "ReconcileError");
    assertThat(b.getStatus().readyCondition().orElseThrow().getMessage())
        .contains("KubernetesClientException");
    assertThat(h.statusPatches()).as("written as a PUT with its resourceVersion").isZero();
    h.failSecretReads(null);
    // any change reconciles at once; JOSDK's own retry would come within its backoff
    h.client
        .resources(CdnCertificateBinding.class)
        .inNamespace(NAMESPACE)
        .withName("www")
        .edit(
            x -> {
              x.getMetadata().setLabels(Map.of("touched", "yes"));
              return x;
            });
    h.awaitReady("www", "False", "SecretNotFound");
  }

  @Test
  @DisplayName(
      "turning HTTPS off on deletion backs off like uploads, remembered in the domain's state, until it succeeds")
  void disablingBacksOff() throws Exception {
    started();
    h.createBinding(
        "www", "www-tls", spec -> spec.setDeletionPolicy(DeletionPolicy.Disable), WWW, STATIC);
    h.awaitReady("www", "True", "Synced");
    await().until(() -> h.binding("www").hasFinalizer(CdnCertificateBindingReconciler.FINALIZER));
    h.emulator.forceError(WWW, "ServiceUnavailable", 503, "busy");
    h.client.resources(CdnCertificateBinding.class).inNamespace(NAMESPACE).withName("www").delete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> failures(WWW) >= 3 && domain(WWW).getState() == DomainState.Disabling);
    assertThat(domain(STATIC).getState()).isEqualTo(DomainState.Disabled);
    long callsToStatic = calls(STATIC);
    h.emulator.forceError(WWW, null, 0, null);
    await().atMost(Duration.ofSeconds(15)).until(() -> h.binding("www") == null);
    assertThat(h.emulator.servedFingerprint(WWW)).isNull();
    assertThat(calls(STATIC))
        .as("a domain already off is not called again")
        .isEqualTo(callsToStatic);
  }

  @Test
  @DisplayName(
      "a Disable binding whose credentials are gone (its namespace being deleted) lets the deletion finish with a Warning")
  void goneCredentialsDoNotHoldTheDeletion() throws Exception {
    started();
    h.createBinding(
        "www",
        "www-tls",
        spec -> {
          spec.setDeletionPolicy(DeletionPolicy.Disable);
          spec.setCredentialsSecretRef(
              h.credentialsSecret("keys", OperatorHarness.KEYS.accessKeyId(), "operator-secret"));
        },
        WWW);
    h.awaitReady("www", "True", "Synced");
    await().until(() -> h.binding("www").hasFinalizer(CdnCertificateBindingReconciler.FINALIZER));
    h.client.secrets().inNamespace(NAMESPACE).withName("keys").delete();
    h.client.resources(CdnCertificateBinding.class).inNamespace(NAMESPACE).withName("www").delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> h.binding("www") == null);
    assertThat(events("HttpsNotDisabled"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("HTTPS left on for " + WWW));
    assertThat(h.emulator.servedFingerprint(WWW)).isNotNull();
  }

  @Test
  @DisplayName(
      "two bindings claiming one domain (case and trailing dot aside): the older owns it, the newer says so and never writes it")
  void oneOwnerPerDomain() throws Exception {
    started();
    h.createBinding("first", "www-tls", WWW);
    h.awaitReady("first", "True", "Synced");
    h.tlsSecret("other-tls", TestCertificates.leaf(ca, WWW));
    h.createBinding("second", "other-tls", "WWW.Example.COM.");
    CdnCertificateBinding second = h.awaitReady("second", "False", "DomainClaimed");
    assertThat(second.getStatus().readyCondition().orElseThrow().getMessage())
        .contains(WWW)
        .contains(NAMESPACE + "/first");
    Thread.sleep(500);
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
    assertThat(h.binding("first").getStatus().getDomains().get(0).getFingerprint())
        .isEqualTo(h.emulator.servedFingerprint(WWW));
  }

  @Test
  @DisplayName(
      "deleting a Disable binding turns HTTPS off only on its own domains, never on one an older binding owns")
  void deletionLeavesAnotherOwnersDomain() throws Exception {
    started();
    h.createBinding("first", "www-tls", WWW);
    h.awaitReady("first", "True", "Synced");
    String served = h.emulator.servedFingerprint(WWW);
    h.createBinding(
        "second", "www-tls", spec -> spec.setDeletionPolicy(DeletionPolicy.Disable), WWW, STATIC);
    h.awaitReady("second", "False", "DomainClaimed");
    await()
        .until(() -> h.binding("second").hasFinalizer(CdnCertificateBindingReconciler.FINALIZER));
    h.client
        .resources(CdnCertificateBinding.class)
        .inNamespace(NAMESPACE)
        .withName("second")
        .delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> h.binding("second") == null);
    assertThat(h.emulator.servedFingerprint(STATIC)).as("its own domain").isNull();
    assertThat(h.emulator.servedFingerprint(WWW))
        .as("the older binding's domain")
        .isEqualTo(served);
  }

  @Test
  @DisplayName(
      "a domain taken over by an older binding and given back is read and written again, never taken for still synced")
  void aDomainGivenBackIsWrittenAgain() throws Exception {
    // created within one second, bindings are ordered by name: a-older is the older
    started();
    h.createBinding("a-older", "www-tls", STATIC);
    h.awaitReady("a-older", "True", "Synced");
    Issued mine = TestCertificates.leaf(ca, WWW);
    h.tlsSecret("mine-tls", mine);
    h.createBinding("b-newer", "mine-tls", WWW);
    h.awaitReady("b-newer", "True", "Synced");
    String myFingerprint = h.emulator.servedFingerprint(WWW);

    editSpec("a-older", spec -> spec.setDomains(List.of(STATIC, WWW)));
    await().until(() -> h.binding("a-older").getStatus().getDomains().size() == 2);
    editSpec("b-newer", spec -> spec.setSuspend(false)); // any change reconciles it now
    h.awaitReady("b-newer", "False", "DomainClaimed");
    await().until(() -> !myFingerprint.equals(h.emulator.servedFingerprint(WWW)));

    editSpec("a-older", spec -> spec.setDomains(List.of(STATIC)));
    await().until(() -> h.binding("a-older").getStatus().getDomains().size() == 1);
    editSpec("b-newer", spec -> spec.setSuspend(null));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> myFingerprint.equals(h.emulator.servedFingerprint(WWW)));
    h.awaitReady("b-newer", "True", "Synced");
  }

  private void editSpec(String name, Consumer<CdnCertificateBindingSpec> change) {
    h.client
        .resources(CdnCertificateBinding.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            b -> {
              change.accept(b.getSpec());
              return b;
            });
  }

  // ---- helpers ----

  private DomainStatus domain(String name) {
    CdnCertificateBinding b = h.binding("www");
    return b == null || b.getStatus() == null
        ? new DomainStatus(name)
        : b.getStatus().domain(name).orElse(new DomainStatus(name));
  }

  private int failures(String name) {
    Integer f = domain(name).getFailures();
    return f == null ? 0 : f;
  }

  private long calls(String domain) {
    return h.emulator.calls(c -> domain.equals(c.domain())).size();
  }

  private List<Event> events(String reason) {
    Predicate<Event> matches = e -> reason.equals(e.getReason());
    return h.events().stream().filter(matches).toList();
  }
}
