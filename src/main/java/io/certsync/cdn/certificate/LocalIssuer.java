package io.certsync.cdn.certificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * A throwaway certificate authority for the sandbox, the benchmark and the tests: issues leaf and
 * intermediate certificates for DNS names, as cert-manager with a CA issuer would. Never for
 * production use.
 */
public final class LocalIssuer {

  /**
   * An issued certificate, its key pair and the certificates above it (the leaf not included, the
   * root last). {@link #toString()} names the subject only.
   */
  public record Issued(X509Certificate certificate, KeyPair keys, List<X509Certificate> issuers) {

    public Issued {
      issuers = List.copyOf(issuers);
    }

    /** Leaf, then its issuers: what cert-manager writes to tls.crt. */
    public String chainPem() {
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate);
      chain.addAll(issuers);
      return PemEncoder.certificates(chain);
    }

    public String certificatePem() {
      return LocalIssuer.certificatePem(certificate);
    }

    /** The key as tls.key holds it: RSA as PKCS#1, EC as SEC1 naming its curve. */
    public SensitiveText keyPem() {
      return LocalIssuer.keyPem(keys.getPrivate());
    }

    public SensitiveText keyPkcs8Pem() {
      return LocalIssuer.pkcs8Pem(keys.getPrivate());
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Issued authority;

  private LocalIssuer(Issued authority) {
    this.authority = authority;
  }

  /** A new self-signed RSA root, valid from yesterday for ten years. */
  public static LocalIssuer create(String name) {
    KeyPair keys = rsa();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509Certificate root =
        sign(
            subject,
            keys,
            subject,
            keys.getPrivate(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(3650)),
            List.of(),
            true);
    return new LocalIssuer(new Issued(root, keys, List.of()));
  }

  /** Issues with a CA certificate and key made earlier. */
  public static LocalIssuer of(Issued authority) {
    return new LocalIssuer(authority);
  }

  /** This authority's own certificate, key and issuers. */
  public Issued authority() {
    return authority;
  }

  /** An intermediate CA below this one, valid from yesterday for five years. */
  public LocalIssuer intermediate(String name) {
    Instant now = Instant.now();
    return new LocalIssuer(
        issue(
            new X500Name("CN=" + name),
            rsa(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(1825)),
            List.of(),
            true));
  }

  /** A leaf valid from an hour ago for {@code validity}, with an RSA-2048 key. */
  public Issued issue(Duration validity, String... dnsNames) {
    Instant now = Instant.now();
    return issue(rsa(), now.minus(Duration.ofHours(1)), now.plus(validity), dnsNames);
  }

  /** The same with an EC P-256 key, much faster to make when thousands are needed. */
  public Issued issueEc(Duration validity, String... dnsNames) {
    Instant now = Instant.now();
    return issue(ec(), now.minus(Duration.ofHours(1)), now.plus(validity), dnsNames);
  }

  /** A leaf for the DNS names with the given key and validity, expired or future ones too. */
  public Issued issue(KeyPair keys, Instant notBefore, Instant notAfter, String... dnsNames) {
    return issue(
        new X500Name("CN=" + dnsNames[0]), keys, notBefore, notAfter, List.of(dnsNames), false);
  }

  private Issued issue(
      X500Name subject,
      KeyPair keys,
      Instant notBefore,
      Instant notAfter,
      List<String> dnsNames,
      boolean ca) {
    X509Certificate certificate =
        sign(
            subject,
            keys,
            new X500Name(authority.certificate().getSubjectX500Principal().getName()),
            authority.keys().getPrivate(),
            notBefore,
            notAfter,
            dnsNames,
            ca);
    List<X509Certificate> issuers = new ArrayList<>();
    issuers.add(authority.certificate());
    issuers.addAll(authority.issuers());
    return new Issued(certificate, keys, issuers);
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      PrivateKey issuerKey,
      Instant notBefore,
      Instant notAfter,
      List<String> dnsNames,
      boolean ca) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
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
      String algorithm =
          issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException("could not issue a certificate", e);
    }
  }

  public static KeyPair rsa() {
    return keyPair("RSA", 2048);
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key pair of the algorithm and size, such as RSA 1024 for a test of a weak key. */
  public static KeyPair keyPair(String algorithm, int size) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(size, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String certificatePem(X509Certificate certificate) {
    return PemEncoder.certificates(List.of(certificate));
  }

  /** RSA as PKCS#1, EC as SEC1 naming its curve: the "traditional" OpenSSL forms. */
  public static SensitiveText keyPem(PrivateKey key) {
    return PemEncoder.privateKey(key);
  }

  public static SensitiveText pkcs8Pem(PrivateKey key) {
    return PemEncoder.pkcs8(key);
  }
}
