package io.certsync.cdn.certificate;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The ordered pre-flight checks: data present, chain parses and links, key parses, key matches the
 * leaf, leaf valid now. Domain coverage is checked per domain with {@link DomainCoverage}.
 */
public final class PreflightChecker {

  public PreflightResult check(byte[] tlsCrt, byte[] tlsKey, Instant now) {
    if (tlsCrt == null || tlsCrt.length == 0) {
      return failed(CheckReason.SecretMissingData, "the Secret has no tls.crt data", null);
    }
    if (tlsKey == null || tlsKey.length == 0) {
      return failed(CheckReason.SecretMissingData, "the Secret has no tls.key data", null);
    }
    List<X509Certificate> chain;
    try {
      chain = CertificateChainParser.parse(tlsCrt);
    } catch (CertificateCheckException e) {
      return new PreflightResult.Failed(e.toFailure(), Optional.empty());
    }
    X509Certificate leaf = chain.get(0);
    CertificateInfo info = describe(leaf);
    PrivateKey key;
    try {
      key = PrivateKeyParser.parse(tlsKey);
    } catch (CertificateCheckException e) {
      return new PreflightResult.Failed(e.toFailure(), Optional.of(info));
    }
    if (!KeyPairVerifier.matches(key, leaf.getPublicKey())) {
      return failed(
          CheckReason.KeyPairMismatch,
          "tls.key does not belong to the leaf certificate '"
              + info.subject()
              + "' ("
              + info.keyType()
              + ")",
          info);
    }
    if (now.isBefore(info.notBefore())) {
      return failed(
          CheckReason.CertificateNotYetValid,
          "the certificate is not valid before " + info.notBefore(),
          info);
    }
    if (now.isAfter(info.notAfter())) {
      return failed(
          CheckReason.CertificateExpired, "the certificate expired at " + info.notAfter(), info);
    }
    return new PreflightResult.Passed(
        new TlsMaterial(info, chain, PemEncoder.certificates(chain), PemEncoder.privateKey(key)));
  }

  /** The public facts of a certificate. */
  public static CertificateInfo describe(X509Certificate leaf) {
    return new CertificateInfo(
        Fingerprints.of(leaf),
        serial(leaf.getSerialNumber()),
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        dnsNames(leaf),
        keyType(leaf));
  }

  private static String serial(BigInteger serial) {
    return serial.toString(16);
  }

  private static List<String> dnsNames(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // unreadable SAN extension: no names, so no domain is covered
    }
    return List.copyOf(names);
  }

  private static String keyType(X509Certificate leaf) {
    if (leaf.getPublicKey() instanceof RSAKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    if (leaf.getPublicKey() instanceof ECKey ec) {
      return "EC " + ec.getParams().getOrder().bitLength();
    }
    return leaf.getPublicKey().getAlgorithm();
  }

  private static PreflightResult failed(CheckReason reason, String message, CertificateInfo info) {
    return new PreflightResult.Failed(new CheckFailure(reason, message), Optional.ofNullable(info));
  }
}
