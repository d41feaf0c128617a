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

  /** The first 16 hex characters, as used in certificate names. */
  public static String shortForm(String fingerprint) {
    return fingerprint.substring(PREFIX.length(), PREFIX.length() + 16);
  }
}
