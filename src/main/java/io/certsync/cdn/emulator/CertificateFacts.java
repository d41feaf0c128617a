package io.certsync.cdn.emulator;

import io.certsync.cdn.certificate.Fingerprints;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What the store reports about a leaf certificate: SHA-1 fingerprint (40 upper-case hex, as CAS
 * gives it), the operator's {@code sha256:} fingerprint, serial, validity, common name and SANs.
 */
record CertificateFacts(
    String sha1Fingerprint,
    String fingerprint,
    String serialHex,
    Instant notBefore,
    Instant notAfter,
    String commonName,
    List<String> sans,
    String issuer) {

  private static final int SERIAL_DIGITS = 40;
  private static final int DNS_NAME = 2;

  static CertificateFacts of(X509Certificate leaf) {
    byte[] der;
    try {
      der = leaf.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
    }
    return new CertificateFacts(
        HexFormat.of().withUpperCase().formatHex(sha1(der)),
        Fingerprints.of(der),
        leaf.getSerialNumber().toString(16).toLowerCase(Locale.ROOT),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        commonName(leaf.getSubjectX500Principal().getName()),
        dnsNames(leaf),
        leaf.getIssuerX500Principal().getName());
  }

  /** The serial as CAS shows it: padded with leading zeros, which clients must strip. */
  String paddedSerial() {
    return "0".repeat(Math.max(0, SERIAL_DIGITS - serialHex.length())) + serialHex;
  }

  boolean expiredAt(Instant now) {
    return now.isAfter(notAfter);
  }

  private static byte[] sha1(byte[] der) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(der);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JRE", e);
    }
  }

  private static String commonName(String subject) {
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }

  private static List<String> dnsNames(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (((Integer) alternative.get(0)) == DNS_NAME) {
            names.add((String) alternative.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return List.copyOf(names);
  }
}
