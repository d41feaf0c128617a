package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which store id a certificate has, per account, as the process learned it. */
class CertificateRegistryTest {

  static final CertificateRegistry.Key KEY = new CertificateRegistry.Key("1001", "sha256:aa");

  @Test
  @DisplayName("an id seeded from an older status never replaces one learned since")
  void seedNeverReplacesALearnedId() {
    CertificateRegistry registry = new CertificateRegistry();
    registry.remember(KEY, 2);
    registry.seed(KEY, 1);
    assertThat(registry.claim(KEY)).isEqualTo(new CertificateRegistry.Claim.Known(2));
  }

  @Test
  @DisplayName("an id seeded where nothing is known is used")
  void seedFillsAGap() {
    CertificateRegistry registry = new CertificateRegistry();
    registry.seed(KEY, 1);
    assertThat(registry.claim(KEY)).isEqualTo(new CertificateRegistry.Claim.Known(1));
  }

  @Test
  @DisplayName(
      "after an upload whose id is not known yet, the next domain is told to look it up, not to upload")
  void uploadedWithoutIdMeansLookUp() {
    CertificateRegistry registry = new CertificateRegistry();
    CertificateRegistry.Claim first = registry.claim(KEY);
    assertThat(first).isInstanceOf(CertificateRegistry.Claim.Upload.class);
    registry.finish(
        (CertificateRegistry.Claim.Upload) first, new CertificateRegistry.UploadEnd.Uploaded());
    assertThat(registry.claim(KEY)).isInstanceOf(CertificateRegistry.Claim.Lookup.class);
    registry.remember(KEY, 7);
    assertThat(registry.claim(KEY)).isEqualTo(new CertificateRegistry.Claim.Known(7));
  }
}
