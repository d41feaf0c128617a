package io.certsync.cdn.certificate;

import static io.certsync.cdn.testing.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreflightCheckerTest {

  static Issued root;
  static Issued intermediate;
  static Issued site;
  final PreflightChecker checker = new PreflightChecker();
  final Instant now = Instant.now();

  @BeforeAll
  static void issue() {
    root = TestCertificates.ca("Test Root");
    intermediate = TestCertificates.intermediate("Test Intermediate", root);
    site = leaf(intermediate, "www.example.com", "static.example.com");
  }

  private PreflightResult check(String crt, String key) {
    return checker.check(bytes(crt), bytes(key), now);
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
  }

  private static CheckReason reasonOf(PreflightResult r) {
    assertThat(r).isInstanceOf(PreflightResult.Failed.class);
    return ((PreflightResult.Failed) r).failure().reason();
  }

  @Test
  @DisplayName("an RSA chain with a PKCS#1 key passes and is sent leaf first with a PKCS#1 key")
  void rsaPkcs1Passes() {
    PreflightResult r = check(site.chainPem(), site.keyPkcs1OrSec1());
    assertThat(r).isInstanceOf(PreflightResult.Passed.class);
    TlsMaterial m = ((PreflightResult.Passed) r).material();
    assertThat(m.chain()).hasSize(3);
    assertThat(m.chain().get(0)).isEqualTo(site.certificate());
    assertThat(m.privateKeyPem().reveal()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    assertThat(m.chainPem()).doesNotContain("\n\n").startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(m.chainPem().lines().filter(l -> !l.startsWith("-----")))
        .allMatch(l -> l.length() <= 64);
    assertThat(m.fingerprint()).matches("sha256:[0-9a-f]{64}");
    assertThat(m.info().dnsNames()).containsExactly("www.example.com", "static.example.com");
  }

  @Test
  @DisplayName("a PKCS#8 RSA key is converted to PKCS#1")
  void pkcs8RsaIsConverted() {
    PreflightResult r = check(site.chainPem(), site.keyPkcs8());
    assertThat(((PreflightResult.Passed) r).material().privateKeyPem().reveal())
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  @DisplayName("EC keys in SEC1 and PKCS#8 form pass and are sent as SEC1 naming the curve")
  void ecKeysPass() {
    Issued ec =
        leaf(
            intermediate,
            TestCertificates.ec(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(30)),
            "ec.example.com");
    for (String key : new String[] {ec.keyPkcs1OrSec1(), ec.keyPkcs8()}) {
      PreflightResult r = check(ec.chainPem(), key);
      assertThat(r).isInstanceOf(PreflightResult.Passed.class);
      String sent = ((PreflightResult.Passed) r).material().privateKeyPem().reveal();
      assertThat(sent).startsWith("-----BEGIN EC PRIVATE KEY-----");
      // the re-encoded key must parse again: curve parameters included
      assertThat(check(ec.chainPem(), sent)).isInstanceOf(PreflightResult.Passed.class);
    }
  }

  @Test
  @DisplayName("a chain in the wrong order is put leaf first")
  void chainIsReordered() {
    String reversed =
        TestCertificates.pem(root.certificate())
            + TestCertificates.pem(site.certificate())
            + TestCertificates.pem(intermediate.certificate());
    TlsMaterial m = ((PreflightResult.Passed) check(reversed, site.keyPkcs1OrSec1())).material();
    assertThat(m.chain())
        .containsExactly(site.certificate(), intermediate.certificate(), root.certificate());
  }

  @Test
  @DisplayName("a bundle whose certificates do not form one chain is CertificateMalformed")
  void unlinkedChainIsRejected() {
    Issued stranger = TestCertificates.ca("Stranger");
    PreflightResult r =
        check(
            site.certificatePem() + TestCertificates.pem(stranger.certificate()),
            site.keyPkcs1OrSec1());
    assertThat(reasonOf(r)).isEqualTo(CheckReason.CertificateMalformed);
    assertThat(((PreflightResult.Failed) r).failure().message())
        .contains("does not form one chain");
  }

  @Test
  @DisplayName("a leaf whose intermediate is missing but whose root is present does not link")
  void gapInChainIsRejected() {
    PreflightResult r =
        check(
            site.certificatePem() + TestCertificates.pem(root.certificate()),
            site.keyPkcs1OrSec1());
    assertThat(reasonOf(r)).isEqualTo(CheckReason.CertificateMalformed);
  }

  @Test
  @DisplayName("a key of another certificate is KeyPairMismatch")
  void wrongKeyIsMismatch() {
    Issued other = leaf(intermediate, "www.example.com");
    assertThat(reasonOf(check(site.chainPem(), other.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.KeyPairMismatch);
  }

  @Test
  @DisplayName(
      "an expired certificate is CertificateExpired and one not yet valid is CertificateNotYetValid")
  void validityWindowIsChecked() {
    Issued expired =
        leaf(
            intermediate,
            TestCertificates.rsa(),
            now.minus(Duration.ofDays(90)),
            now.minus(Duration.ofDays(1)),
            "www.example.com");
    Issued future =
        leaf(
            intermediate,
            TestCertificates.rsa(),
            now.plus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(90)),
            "www.example.com");
    assertThat(reasonOf(check(expired.chainPem(), expired.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.CertificateExpired);
    assertThat(reasonOf(check(future.chainPem(), future.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.CertificateNotYetValid);
  }

  @Test
  @DisplayName("missing data, garbage, truncation and oversize each get a precise reason")
  void malformedInput() {
    assertThat(reasonOf(check(null, site.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.SecretMissingData);
    assertThat(reasonOf(check(site.chainPem(), ""))).isEqualTo(CheckReason.SecretMissingData);
    assertThat(reasonOf(check("hello", site.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.CertificateMalformed);
    String crt = site.certificatePem();
    assertThat(reasonOf(check(crt.substring(0, crt.length() / 2), site.keyPkcs1OrSec1())))
        .isEqualTo(CheckReason.CertificateMalformed);
    String key = site.keyPkcs1OrSec1();
    assertThat(reasonOf(check(crt, key.substring(0, key.length() / 2))))
        .isEqualTo(CheckReason.PrivateKeyMalformed);
    String corrupted = key.replaceFirst("\n[A-Za-z0-9+/]{10}", "\nAAAAAAAAAA");
    assertThat(reasonOf(check(crt, corrupted)))
        .isIn(CheckReason.PrivateKeyMalformed, CheckReason.KeyPairMismatch);
    String huge = crt.repeat(2000);
    PreflightResult r = check(huge, key);
    assertThat(reasonOf(r)).isEqualTo(CheckReason.CertificateMalformed);
    assertThat(((PreflightResult.Failed) r).failure().message()).contains("more than the limit");
  }

  @Test
  @DisplayName("encrypted and DSA keys are PrivateKeyMalformed with a message saying why")
  void unsupportedKeys() {
    String encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n";
    PreflightResult r = check(site.chainPem(), encrypted);
    assertThat(reasonOf(r)).isEqualTo(CheckReason.PrivateKeyMalformed);
    assertThat(((PreflightResult.Failed) r).failure().message()).contains("encrypted");
    String dsa = TestCertificates.pkcs8Pem(TestCertificates.generate("DSA", 2048).getPrivate());
    PreflightResult d = check(site.chainPem(), dsa);
    assertThat(reasonOf(d)).isEqualTo(CheckReason.PrivateKeyMalformed);
    assertThat(((PreflightResult.Failed) d).failure().message()).contains("unsupported key type");
  }

  @Test
  @DisplayName("no failure message and no toString ever contains the key")
  void keyNeverInMessages() {
    String key = site.keyPkcs1OrSec1();
    String body = TestCertificates.pemBody(key);
    Issued other = leaf(intermediate, "www.example.com");
    PreflightResult mismatch = check(other.chainPem(), key);
    PreflightResult truncated = check(site.chainPem(), key.substring(0, key.length() - 40));
    PreflightResult passed = check(site.chainPem(), key);
    for (PreflightResult r : new PreflightResult[] {mismatch, truncated, passed}) {
      assertThat(r.toString())
          .doesNotContain(body.substring(0, 40))
          .doesNotContain("PRIVATE KEY-----\nMII");
    }
    assertThat(((PreflightResult.Passed) passed).material().privateKeyPem().toString())
        .isEqualTo("[REDACTED]");
  }
}
