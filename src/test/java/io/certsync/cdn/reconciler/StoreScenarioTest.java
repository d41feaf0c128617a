package io.certsync.cdn.reconciler;

import static io.certsync.cdn.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.api.v1alpha1.PendingReclaim;
import io.certsync.cdn.api.v1alpha1.ReclaimPolicy;
import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.emulator.StoreEntry;
import io.certsync.cdn.sync.CertNames;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operator against the emulator's strict certificate store: names unique per account even for
 * the same certificate, no content dedup, deletion that does not check use. The key leaves the
 * cluster once per account; superseded certificates are reclaimed only when nothing uses them.
 *
 * <p>Longer than 300 lines: one scenario per store rule of issue 9, sharing one harness set-up.
 */
class StoreScenarioTest {

  static final String ACCOUNT = "1000000000000001";
  static final String A = "a.example.com";
  static final String B = "b.example.com";
  static final String C = "c.example.com";
  static final String D = "d.example.com";
  static Issued ca;

  OperatorHarness h;

  @BeforeAll
  static void issuer() {
    ca = TestCertificates.ca("Store CA");
  }

  @AfterEach
  void close() {
    if (h != null) {
      assertThat(h.emulator.deletedInUse()).as("certificates deleted while in use").isEmpty();
      h.assertNoSecretLeaked();
      h.close();
    }
  }

  private OperatorHarness start(Consumer<EmulatorSettings> more, Duration grace) {
    try {
      h =
          new OperatorHarness(
              s -> {
                s.domain(A).domain(B).domain(C).domain(D);
                more.accept(s);
              });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    h.withConfig(c -> c.withSyncSettings(c.syncSettings().withReclaimGracePeriod(grace)));
    h.startOperator();
    return h;
  }

  private static Issued site() {
    return TestCertificates.leaf(ca, "*.example.com");
  }

  @Test
  @DisplayName(
      "a 3-domain binding uploads the key once, a second binding on the same Secret none, a renewal of both one more, a restart nothing")
  void keyLeavesOncePerAccount() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    Issued first = site();
    h.tlsSecret("site-tls", first);
    h.createBinding("three", "site-tls", A, B, C);
    CdnCertificateBinding three = h.awaitReady("three", "True", "Synced");
    assertThat(h.emulator.keyUploads()).isEqualTo(1);
    String certId = three.getStatus().getCertificate().getCertId();
    assertThat(certId).isNotBlank();
    assertThat(three.getStatus().getDomains())
        .extracting(DomainStatus::getCertId)
        .containsOnly(certId);

    h.createBinding("fourth", "site-tls", D);
    CdnCertificateBinding fourth = h.awaitReady("fourth", "True", "Synced");
    assertThat(h.emulator.keyUploads()).as("a second binding sends no key").isEqualTo(1);
    assertThat(fourth.getStatus().getCertificate().getCertId()).isEqualTo(certId);

    Issued renewed = site();
    h.tlsSecret("site-tls", renewed);
    String next = Fingerprints.of(renewed.certificate());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                List.of(A, B, C, D).stream()
                    .allMatch(d -> next.equals(h.emulator.servedFingerprint(d))));
    h.awaitReady("three", "True", "Synced");
    h.awaitReady("fourth", "True", "Synced");
    assertThat(h.emulator.keyUploads()).as("a renewal of both bindings").isEqualTo(2);
    assertThat(entriesFor(next)).hasSize(1);

    long writes = h.emulator.writeCalls();
    long keys = h.emulator.keyUploads();
    h.restartOperator();
    Thread.sleep(2000);
    h.awaitReady("three", "True", "Synced");
    assertThat(h.emulator.writeCalls()).as("writes after a restart").isEqualTo(writes);
    assertThat(h.emulator.keyUploads()).isEqualTo(keys);
  }

  @Test
  @DisplayName("an answer lost after the store applied an upload ends Synced with one store entry")
  void lostAnswer() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    Issued cert = site();
    h.tlsSecret("site-tls", cert);
    h.emulator.errorAfterApplying(A, "Certificate.Duplicated");
    h.createBinding("two", "site-tls", A, B);
    h.awaitReady("two", "True", "Synced");
    assertThat(entriesFor(Fingerprints.of(cert.certificate()))).hasSize(1);
    // the upload whose answer was lost carried the key too; no second call did
    assertThat(h.emulator.calls(c -> c.keySent())).hasSize(1);
  }

  @Test
  @DisplayName("a name already in the store from an earlier run is bound by its id, no key sent")
  void nameFromAnEarlierRun() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    Issued cert = site();
    String fingerprint = Fingerprints.of(cert.certificate());
    long earlier =
        h.emulator.storeEntry(CertNames.of(NAMESPACE + "-site-tls", fingerprint), cert.chainPem());
    h.tlsSecret("site-tls", cert);
    h.createBinding("two", "site-tls", A, B);
    CdnCertificateBinding b = h.awaitReady("two", "True", "Synced");
    assertThat(h.emulator.keyUploads()).isZero();
    assertThat(b.getStatus().getCertificate().getCertId()).isEqualTo(String.valueOf(earlier));
    assertThat(h.emulator.servedCertId(A)).isEqualTo(earlier);
    assertThat(h.emulator.servedCertId(B)).isEqualTo(earlier);
  }

  @Test
  @DisplayName(
      "a name the store holds for another certificate says to set certNamePrefix, and is not retried in a loop")
  void nameHeldByAnotherCertificate() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    Issued cert = site();
    String fingerprint = Fingerprints.of(cert.certificate());
    h.emulator.storeEntry(CertNames.of(NAMESPACE + "-site-tls", fingerprint), site().chainPem());
    h.tlsSecret("site-tls", cert);
    h.createBinding("one", "site-tls", A);
    CdnCertificateBinding b = h.awaitReady("one", "False", "CertNameAlreadyExists");
    assertThat(b.getStatus().readyCondition().orElseThrow().getMessage())
        .contains("spec.certNamePrefix")
        .contains("not retried until the Secret or the binding changes");
    long calls = h.emulator.calls().size();
    Thread.sleep(2000);
    assertThat(h.emulator.calls()).hasSize((int) calls);
    assertThat(h.emulator.keyUploads()).isZero();
  }

  @Test
  @DisplayName(
      "reclaimPolicy Delete removes the superseded certificate after the grace period, and not before")
  void reclaimAfterGrace() throws Exception {
    start(s -> {}, Duration.ofSeconds(4));
    String oldId = renewDeleteBinding();
    awaitReclaim("two", r -> r.getUnusedSince() != null);
    assertThat(entry(oldId).deleted()).as("within the grace period").isFalse();
    await().atMost(Duration.ofSeconds(20)).until(() -> entry(oldId).deleted());
    awaitNoReclaims("two");
    assertThat(h.events()).anyMatch(e -> "CertificateReclaimed".equals(e.getReason()));
  }

  @Test
  @DisplayName(
      "the uploader's read-back lost: the other domains find the id in the store and the key is sent once, refused calls included")
  void lostUploadReadBackSendsTheKeyOnce() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    h.emulator.loseReadAfterWrite(A);
    h.emulator.loseReadAfterWrite(B);
    h.emulator.loseReadAfterWrite(C);
    Issued cert = site();
    h.tlsSecret("site-tls", cert);
    h.createBinding("three", "site-tls", A, B, C);
    String fingerprint = Fingerprints.of(cert.certificate());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                List.of(A, B, C).stream()
                    .allMatch(d -> fingerprint.equals(h.emulator.servedFingerprint(d))));
    h.awaitReady("three", "True", "Synced");
    assertThat(h.emulator.calls(RecordedCall::keySent))
        .as("calls that carried the key, refused ones too")
        .hasSize(1);
  }

  @Test
  @DisplayName("a pending reclaim survives a reconcile in which the Secret cannot be read")
  void pendingReclaimSurvivesAMissingSecret() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    String oldId = renewDeleteBinding();
    awaitReclaim("two", r -> r.getUnusedSince() != null);
    h.client.secrets().inNamespace(NAMESPACE).withName("site-tls").delete();
    h.awaitReady("two", "False", "SecretNotFound");
    assertThat(h.binding("two").getStatus().getReclaims())
        .extracting(PendingReclaim::getCertId)
        .containsExactly(oldId);
  }

  @Test
  @DisplayName(
      "a reclaim refused with Throttling waits a minute before it tries again, never a loop of store calls")
  void throttledReclaimWaits() throws Exception {
    start(s -> {}, Duration.ofSeconds(1));
    h.emulator.limit("DeleteUserCertificate", 0);
    renewDeleteBinding();
    PendingReclaim held =
        awaitReclaim(
            "two", r -> r.getErrorCode() != null && r.getErrorCode().startsWith("Throttling"));
    Thread.sleep(1500);
    assertThat(h.emulator.calls("DeleteUserCertificate")).as("one try in 1.5 s").hasSize(1);
    assertThat(Instant.parse(held.getNextCheckTime()))
        .isAfter(Instant.now().plus(Duration.ofSeconds(50)));
  }

  @Test
  @DisplayName(
      "credentials without the CAS delete permission: the reclaim is held with the RAM action to grant, a Warning, and nothing deleted")
  void reclaimWithoutPermissionSaysWhichActionToGrant() throws Exception {
    start(s -> {}, Duration.ofSeconds(1));
    h.emulator.deny("DeleteUserCertificate", true);
    String oldId = renewDeleteBinding();
    PendingReclaim held = awaitReclaim("two", r -> "Forbidden.RAM".equals(r.getErrorCode()));
    assertThat(held.getCertId()).isEqualTo(oldId);
    assertThat(held.getMessage())
        .contains("grant the RAM action yundun-cert:DeleteUserCertificate");
    assertThat(h.events())
        .anyMatch(
            e ->
                "ReclaimFailed".equals(e.getReason())
                    && "Warning".equals(e.getType())
                    && e.getMessage().contains("yundun-cert:DeleteUserCertificate"));
    assertThat(entry(oldId).deleted()).isFalse();
    assertThat(h.ready("two").getStatus()).as("the sync itself is not failed").isEqualTo("True");
  }

  @Test
  @DisplayName(
      "a superseded certificate still used outside the operator, or not uploaded under the binding's name, is never deleted")
  void neverDeletesWhatOthersUse() throws Exception {
    start(s -> {}, Duration.ofSeconds(2));
    h.tlsSecret("used-tls", site());
    h.createBinding("used", "used-tls", spec -> spec.setReclaimPolicy(ReclaimPolicy.Delete), A);
    String usedId = h.awaitReady("used", "True", "Synced").getStatus().getCertificate().getCertId();
    h.emulator.useOutside(Long.parseLong(usedId), "SLB", "lb-1");
    h.tlsSecret("other-tls", site());
    h.createBinding("renamed", "other-tls", spec -> spec.setReclaimPolicy(ReclaimPolicy.Delete), B);
    String renamedId =
        h.awaitReady("renamed", "True", "Synced").getStatus().getCertificate().getCertId();
    // the binding now names its certificates otherwise: the old entry is not one it would upload
    h.client
        .resources(CdnCertificateBinding.class)
        .inNamespace(NAMESPACE)
        .withName("renamed")
        .edit(
            x -> {
              x.getSpec().setCertNamePrefix("renamed");
              return x;
            });
    h.tlsSecret("used-tls", site());
    h.tlsSecret("other-tls", site());
    awaitReclaim("used", r -> r.getMessage() != null && r.getMessage().contains("SLB lb-1"));
    awaitNoReclaims("renamed");
    Thread.sleep(3000);
    assertThat(entry(usedId).deleted()).isFalse();
    assertThat(entry(renamedId).deleted()).isFalse();
  }

  @Test
  @DisplayName(
      "two AccessKeys of one account renewing 60 domains at once draw no Throttling answer")
  void twoKeysShareOneBudget() throws Exception {
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      domains.add("d" + i + ".example.com");
    }
    start(
        s -> {
          domains.forEach(s::domain);
          s.accessKey("LTAI-second", "second-secret", ACCOUNT);
        },
        Duration.ofHours(24));
    SecretReference second = h.credentialsSecret("second", "LTAI-second", "second-secret");
    for (int b = 0; b < 6; b++) {
      h.tlsSecret("s" + b, site());
      List<String> mine = domains.subList(b * 10, b * 10 + 10);
      boolean secondKey = b % 2 == 1;
      h.createBinding(
          "b" + b,
          "s" + b,
          spec -> {
            if (secondKey) {
              spec.setCredentialsSecretRef(second);
            }
          },
          mine.toArray(String[]::new));
    }
    for (int b = 0; b < 6; b++) {
      h.awaitReady("b" + b, "True", "Synced");
    }
    List<String> renewed = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      Issued cert = site();
      h.tlsSecret("s" + b, cert);
      renewed.add(Fingerprints.of(cert.certificate()));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (int i = 0; i < domains.size(); i++) {
                if (!renewed.get(i / 10).equals(h.emulator.servedFingerprint(domains.get(i)))) {
                  return false;
                }
              }
              return true;
            });
    for (int b = 0; b < 6; b++) {
      h.awaitReady("b" + b, "True", "Synced");
    }
    assertThat(
            h.emulator.calls(c -> c.errorCode() != null && c.errorCode().startsWith("Throttling")))
        .isEmpty();
    assertThat(h.emulator.keyUploads()).as("one per certificate").isEqualTo(12);
  }

  @Test
  @DisplayName(
      "a renewal whose read-back is lost binds the other domains by the new certificate's id, never the old one's")
  void lostReadBackNeverBindsTheOldId() throws Exception {
    start(s -> {}, Duration.ofHours(24));
    h.tlsSecret("site-tls", site());
    h.createBinding("pair", "site-tls", A, B);
    h.awaitReady("pair", "True", "Synced");

    // A's read-back after its upload is lost and B fails, so B is placed on a later reconcile,
    // from what status then says about the new certificate
    h.emulator.loseReadAfterWrite(A);
    h.emulator.forceError(B, "ServiceUnavailable", 503, "try later");
    Issued renewed = site();
    h.tlsSecret("site-tls", renewed);
    String next = Fingerprints.of(renewed.certificate());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> next.equals(h.emulator.servedFingerprint(A)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                h.binding("pair").getStatus().getDomains().stream()
                    .anyMatch(d -> A.equals(d.getDomain()) && next.equals(d.getFingerprint())));
    h.emulator.forceError(B, null, 0, null);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> next.equals(h.emulator.servedFingerprint(B)));
    CdnCertificateBinding pair = h.awaitReady("pair", "True", "Synced");
    assertThat(pair.getStatus().getCertificate().getCertId())
        .isEqualTo(String.valueOf(h.emulator.servedCertId(B)));
    assertThat(h.emulator.keyUploads()).as("one per certificate").isEqualTo(2);
  }

  /**
   * A {@code reclaimPolicy: Delete} binding "two" of A and B syncs a certificate, then its Secret
   * is renewed; returns the first certificate's store id.
   */
  private String renewDeleteBinding() {
    h.tlsSecret("site-tls", site());
    h.createBinding("two", "site-tls", spec -> spec.setReclaimPolicy(ReclaimPolicy.Delete), A, B);
    String oldId = h.awaitReady("two", "True", "Synced").getStatus().getCertificate().getCertId();
    h.tlsSecret("site-tls", site());
    return oldId;
  }

  /** The binding's first pending reclaim, once it matches. */
  private PendingReclaim awaitReclaim(String binding, Predicate<PendingReclaim> until) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<PendingReclaim> reclaims = h.binding(binding).getStatus().getReclaims();
              return reclaims == null ? null : reclaims.get(0);
            },
            r -> r != null && until.test(r));
  }

  private void awaitNoReclaims(String binding) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> h.binding(binding).getStatus().getReclaims() == null);
  }

  private List<StoreEntry> entriesFor(String fingerprint) {
    return h.emulator.storeEntries().stream()
        .filter(e -> fingerprint.equals(e.fingerprint()) && !e.deleted())
        .toList();
  }

  private StoreEntry entry(String certId) {
    return h.emulator.storeEntries().stream()
        .filter(e -> String.valueOf(e.id()).equals(certId))
        .findFirst()
        .orElseThrow();
  }
}
