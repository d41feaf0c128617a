package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the store is searched by when it refuses a name it holds. */
class StoreKeywordTest {

  @Test
  @DisplayName(
      "the store is searched by the certificate's domain (a wildcard's without *.), not by the name: its Keyword is documented for domains")
  void searchesByDomain() {
    Issued ca = TestCertificates.ca("Keyword CA");
    assertThat(
            CertificatePlacement.keywordOf(
                uploaded(TestCertificates.leaf(ca, "*.example.com", "example.com")), "web-site-1"))
        .isEqualTo("example.com");
    assertThat(
            CertificatePlacement.keywordOf(
                uploaded(TestCertificates.leaf(ca, "www.example.com")), "web-site-1"))
        .isEqualTo("www.example.com");
  }

  private static DesiredCertificate.Uploaded uploaded(Issued cert) {
    PreflightResult r =
        new PreflightChecker()
            .check(
                cert.chainPem().getBytes(StandardCharsets.US_ASCII),
                cert.keyPkcs1OrSec1().getBytes(StandardCharsets.US_ASCII),
                Instant.now());
    return new DesiredCertificate.Uploaded(((PreflightResult.Passed) r).material());
  }
}
