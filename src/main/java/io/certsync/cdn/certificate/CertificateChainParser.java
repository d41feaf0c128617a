package io.certsync.cdn.certificate;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses a PEM certificate bundle and orders it leaf first, rejecting bundles that do not link. */
final class CertificateChainParser {

  private CertificateChainParser() {}

  static List<X509Certificate> parse(byte[] pem) throws CertificateCheckException {
    List<PemBlock> blocks =
        PemDecoder.decode(
            pem, PemDecoder.MAX_CHAIN_BYTES, CheckReason.CertificateMalformed, "tls.crt");
    List<X509Certificate> certificates = new ArrayList<>();
    for (PemBlock block : blocks) {
      if (!block.label().equals("CERTIFICATE")) {
        continue;
      }
      X509Certificate certificate = toCertificate(block.der(), certificates.size() + 1);
      if (certificates.stream().noneMatch(c -> sameEncoding(c, certificate))) {
        certificates.add(certificate);
      }
      if (certificates.size() > PemDecoder.MAX_CERTIFICATES) {
        throw new CertificateCheckException(
            CheckReason.CertificateMalformed,
            "tls.crt holds more than " + PemDecoder.MAX_CERTIFICATES + " certificates");
      }
    }
    if (certificates.isEmpty()) {
      throw new CertificateCheckException(
          CheckReason.CertificateMalformed, "tls.crt holds no CERTIFICATE block");
    }
    return orderLeafFirst(certificates);
  }

  private static X509Certificate toCertificate(byte[] der, int position)
      throws CertificateCheckException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new CertificateCheckException(
          CheckReason.CertificateMalformed,
          "tls.crt certificate #" + position + " is not a valid X.509 certificate");
    }
  }

  /**
   * The leaf is the one certificate that issued none of the others; from it, each next certificate
   * is the one whose subject is the current issuer and whose key verifies the current signature.
   */
  static List<X509Certificate> orderLeafFirst(List<X509Certificate> certificates)
      throws CertificateCheckException {
    List<X509Certificate> leaves =
        certificates.stream()
            .filter(c -> certificates.stream().noneMatch(o -> o != c && issued(c, o)))
            .toList();
    if (leaves.size() != 1) {
      throw new CertificateCheckException(
          CheckReason.CertificateMalformed,
          "tls.crt does not form one chain: "
              + leaves.size()
              + " of its "
              + certificates.size()
              + " certificates sign no other certificate of the bundle");
    }
    List<X509Certificate> ordered = new ArrayList<>();
    X509Certificate current = leaves.get(0);
    ordered.add(current);
    while (ordered.size() < certificates.size()) {
      X509Certificate child = current;
      X509Certificate parent =
          certificates.stream()
              .filter(c -> !ordered.contains(c) && issued(c, child))
              .findFirst()
              .orElse(null);
      if (parent == null) {
        throw new CertificateCheckException(
            CheckReason.CertificateMalformed,
            "tls.crt chain does not link: no certificate of the bundle issued '"
                + child.getSubjectX500Principal().getName()
                + "'");
      }
      ordered.add(parent);
      current = parent;
    }
    return ordered;
  }

  private static boolean issued(X509Certificate issuer, X509Certificate subject) {
    if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
      return false;
    }
    try {
      subject.verify(issuer.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean sameEncoding(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateException e) {
      return false;
    }
  }
}
