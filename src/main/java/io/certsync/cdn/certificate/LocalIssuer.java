package io.certsync.cdn.certificate;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for the sandbox and the benchmark: issues RSA-2048 leaf
 * certificates for DNS names, as cert-manager with a CA issuer would. Never for production use.
 */
public final class LocalIssuer {

  /** An issued leaf: the chain as tls.crt holds it, and the key as tls.key holds it. */
  public record Issued(X509Certificate certificate, String chainPem, SensitiveText keyPem) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final X500Name caName;

  private LocalIssuer(String name) {
    this.caKeys = rsa();
    this.caName = new X500Name("CN=" + name);
    Instant now = Instant.now();
    this.caCertificate =
        sign(
            caName,
            caKeys,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(3650)),
            List.of(),
            true);
  }

  public static LocalIssuer create(String name) {
    return new LocalIssuer(name);
  }

  /**
   * A leaf valid from an hour ago for {@code validity}, for the DNS names, with an RSA-2048 key.
   */
  public Issued issue(Duration validity, String... dnsNames) {
    return issue(rsa(), validity, dnsNames);
  }

  /** The same with an EC P-256 key, much faster to make when thousands are needed. */
  public Issued issueEc(Duration validity, String... dnsNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
      return issue(generator.generateKeyPair(), validity, dnsNames);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Issued issue(KeyPair keys, Duration validity, String... dnsNames) {
    Instant now = Instant.now();
    X509Certificate leaf =
        sign(
            new X500Name("CN=" + dnsNames[0]),
            keys,
            now.minus(Duration.ofHours(1)),
            now.plus(validity),
            List.of(dnsNames),
            false);
    String chain = PemEncoder.certificates(List.of(leaf, caCertificate));
    return new Issued(leaf, chain, PemEncoder.privateKey(keys.getPrivate()));
  }

  private X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      Instant notBefore,
      Instant notAfter,
      List<String> dnsNames,
      boolean ca) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              caName,
              BigInteger.valueOf(serial.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (!dnsNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                dnsNames.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("could not issue a certificate", e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
