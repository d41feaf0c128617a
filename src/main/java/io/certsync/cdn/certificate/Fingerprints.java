package io.certsync.cdn.certificate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The operator's certificate identity: {@code sha256:<hex of the leaf DER>}. */
public final class Fingerprints {

  public static final String PREFIX = "sha256:";

  private Fingerprints() {}

  public static String of(X509Certificate certificate) {
    try {
      return of(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
    }
  }

  public static String of(byte[] der) {
    try {
      return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /**
   * The SHA-1 of the DER in 40 upper-case hex characters: how the certificate store (CAS) names a
   * certificate's fingerprint.
   */
  public static String sha1(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(
          "SHA-1 is part of every JRE; a parsed certificate encodes", e);
    }
  }

  /** The first 16 hex characters, as used in certificate names. */
  public static String shortForm(String fingerprint) {
    return fingerprint.substring(PREFIX.length(), PREFIX.length() + 16);
  }
}
