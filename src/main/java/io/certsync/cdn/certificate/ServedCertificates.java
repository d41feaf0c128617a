package io.certsync.cdn.certificate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Reads the certificate a CDN domain reports it serves. */
public final class ServedCertificates {

  private ServedCertificates() {}

  /** The fingerprint of the first certificate of a PEM bundle (the CDN stores the leaf first). */
  public static Optional<String> leafFingerprint(String pem) {
    return leaf(pem).map(CertificateInfo::fingerprint);
  }

  /** The facts of the first certificate of a PEM bundle. */
  public static Optional<CertificateInfo> leaf(String pem) {
    try {
      X509Certificate leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      return Optional.of(PreflightChecker.describe(leaf));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
