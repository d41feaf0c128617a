package io.certsync.cdn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The emulator's own checks of an uploaded chain and key. */
class UploadedCertificateValidatorTest {

  static Issued ca;
  static Issued rsaSite;
  static Issued ecSite;
  final UploadedCertificateValidator validator = new UploadedCertificateValidator();
  final Instant now = Instant.now();

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.ca("Validator Root");
    rsaSite = TestCertificates.leaf(ca, "www.example.com");
    Instant now = Instant.now();
    ecSite =
        TestCertificates.leaf(
            ca,
            TestCertificates.ec(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(30)),
            "ec.example.com");
  }

  private static String code(ThrowingCheck check) {
    try {
      check.run();
    } catch (EmulatorException e) {
      return e.code;
    }
    return null;
  }

  interface ThrowingCheck {
    void run() throws EmulatorException;
  }

  @Test
  @DisplayName("RSA keys as PKCS#1 or PKCS#8 and EC keys as SEC1 or PKCS#8 are accepted")
  void keyForms() throws Exception {
    assertThat(validator.validate(rsaSite.chainPem(), rsaSite.keyPkcs1OrSec1(), now).fingerprint())
        .isEqualTo(Fingerprints.of(rsaSite.certificate()));
    validator.validate(rsaSite.chainPem(), rsaSite.keyPkcs8(), now);
    validator.validate(ecSite.chainPem(), ecSite.keyPkcs1OrSec1(), now);
    CertificateFacts facts = validator.validate(ecSite.chainPem(), ecSite.keyPkcs8(), now);
    assertThat(facts.commonName()).isEqualTo("ec.example.com");
    assertThat(facts.sans()).containsExactly("ec.example.com");
  }

  @Test
  @DisplayName("a key of another pair is Certificate.MissMatch, also across algorithms")
  void mismatch() {
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), ecSite.keyPkcs8(), now)))
        .isEqualTo("Certificate.MissMatch");
    Issued other = TestCertificates.leaf(ca, "www.example.com");
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), other.keyPkcs1OrSec1(), now)))
        .isEqualTo("Certificate.MissMatch");
  }

  @Test
  @DisplayName("garbage is InvalidSSLPub or InvalidSSLPri; an encrypted-looking key is refused")
  void garbage() {
    assertThat(code(() -> validator.validate("not a certificate", rsaSite.keyPkcs8(), now)))
        .isEqualTo("InvalidSSLPub");
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), "not a key", now)))
        .isEqualTo("InvalidSSLPri");
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), rsaSite.chainPem(), now)))
        .isEqualTo("InvalidSSLPri");
    String pkcs1 = rsaSite.keyPkcs1OrSec1();
    String encryptedLooking =
        pkcs1.replace(
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n");
    assertThat(encryptedLooking).contains("Proc-Type");
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), encryptedLooking, now)))
        .isEqualTo("InvalidSSLPri");
    String pkcs8Encrypted = rsaSite.keyPkcs8().replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), pkcs8Encrypted, now)))
        .isEqualTo("InvalidSSLPri");
  }

  @Test
  @DisplayName(
      "an EC key after its EC PARAMETERS block, as openssl ecparam -genkey writes it, is read")
  void ecParametersFirst() throws Exception {
    String withParameters =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + ecSite.keyPkcs1OrSec1();
    assertThat(validator.validate(ecSite.chainPem(), withParameters, now).commonName())
        .isEqualTo("ec.example.com");
  }

  @Test
  @DisplayName("a certificate past its notAfter on the emulator's clock is Certificate.Expired")
  void expired() {
    Instant later = rsaSite.certificate().getNotAfter().toInstant().plusSeconds(1);
    assertThat(code(() -> validator.validate(rsaSite.chainPem(), rsaSite.keyPkcs8(), later)))
        .isEqualTo("Certificate.Expired");
  }

  @Test
  @DisplayName("the facts carry the SHA-1 in upper-case hex and the serial padded with zeros")
  void facts() throws Exception {
    CertificateFacts facts = validator.validate(rsaSite.chainPem(), rsaSite.keyPkcs8(), now);
    assertThat(facts.sha1Fingerprint()).matches("[0-9A-F]{40}");
    assertThat(facts.paddedSerial()).hasSize(40);
    assertThat(facts.paddedSerial().replaceFirst("^0+", ""))
        .isEqualTo(rsaSite.certificate().getSerialNumber().toString(16));
  }

  @Test
  @DisplayName("a held entry never shows its key in toString")
  void heldEntryHidesKey() throws Exception {
    String key = rsaSite.keyPkcs1OrSec1();
    CertificateFacts facts = validator.validate(rsaSite.chainPem(), key, now);
    HeldCertificate held =
        new HeldCertificate(
            "1", 7L, "site", rsaSite.chainPem(), key, facts, StoreOrigin.CDN_UPLOAD, false);
    assertThat(held.toString())
        .doesNotContain("PRIVATE")
        .doesNotContain(TestCertificates.pemBody(key).substring(0, 40));
  }
}
