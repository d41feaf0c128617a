package io.certsync.cdn.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Certificates and keys made at test time with Bouncy Castle. */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  public static KeyPair rsa() {
    return generate("RSA", 2048);
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair generate(String algorithm, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(size, RANDOM);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An issued certificate with its key and the chain above it (leaf not included). */
  public record Issued(X509Certificate certificate, KeyPair keys, List<X509Certificate> issuers) {

    public String certificatePem() {
      return pem(certificate);
    }

    /** Leaf, then its issuers: what cert-manager writes to tls.crt. */
    public String chainPem() {
      StringBuilder b = new StringBuilder(pem(certificate));
      issuers.forEach(i -> b.append(pem(i)));
      return b.toString();
    }

    public String keyPkcs1OrSec1() {
      return traditionalPem(keys.getPrivate());
    }

    public String keyPkcs8() {
      return pkcs8Pem(keys.getPrivate());
    }
  }

  /** A self-signed CA. */
  public static Issued ca(String name) {
    KeyPair keys = rsa();
    Instant now = Instant.now();
    X509Certificate cert =
        build(
            new X500Name("CN=" + name),
            keys,
            new X500Name("CN=" + name),
            keys.getPrivate(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(3650)),
            List.of(),
            true);
    return new Issued(cert, keys, List.of());
  }

  /** An intermediate CA issued by {@code parent}. */
  public static Issued intermediate(String name, Issued parent) {
    KeyPair keys = rsa();
    Instant now = Instant.now();
    X509Certificate cert =
        build(
            new X500Name("CN=" + name),
            keys,
            new X500Name(parent.certificate().getSubjectX500Principal().getName()),
            parent.keys().getPrivate(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(1825)),
            List.of(),
            true);
    List<X509Certificate> issuers = new java.util.ArrayList<>();
    issuers.add(parent.certificate());
    issuers.addAll(parent.issuers());
    return new Issued(cert, keys, issuers);
  }

  /** A leaf for the DNS names, valid from notBefore to notAfter, with the given key. */
  public static Issued leaf(
      Issued issuer, KeyPair keys, Instant notBefore, Instant notAfter, String... dnsNames) {
    X509Certificate cert =
        build(
            new X500Name("CN=" + dnsNames[0]),
            keys,
            new X500Name(issuer.certificate().getSubjectX500Principal().getName()),
            issuer.keys().getPrivate(),
            notBefore,
            notAfter,
            List.of(dnsNames),
            false);
    List<X509Certificate> issuers = new java.util.ArrayList<>();
    issuers.add(issuer.certificate());
    issuers.addAll(issuer.issuers());
    return new Issued(cert, keys, issuers);
  }

  /** A 90-day RSA leaf, valid since yesterday, for the DNS names. */
  public static Issued leaf(Issued issuer, String... dnsNames) {
    Instant now = Instant.now();
    return leaf(
        issuer, rsa(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(89)), dnsNames);
  }

  private static X509Certificate build(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      PrivateKey issuerKey,
      Instant notBefore,
      Instant notAfter,
      List<String> dnsNames,
      boolean ca) {
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (!dnsNames.isEmpty()) {
        GeneralName[] names =
            dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      String alg = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(X509Certificate certificate) {
    return write(certificate);
  }

  /** RSA as PKCS#1, EC as SEC1 naming its curve: the "traditional" OpenSSL forms. */
  public static String traditionalPem(PrivateKey key) {
    if (!key.getAlgorithm().equals("EC")) {
      return write(key);
    }
    try {
      org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
          org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
      org.bouncycastle.asn1.sec.ECPrivateKey inner =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
      org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength(),
              inner.getKey(),
              inner.getPublicKey(),
              info.getPrivateKeyAlgorithm().getParameters());
      return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pkcs8Pem(PrivateKey key) {
    return write(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  private static String write(Object o) {
    try (StringWriter s = new StringWriter();
        JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
      w.flush();
      return s.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The base64 body of a PEM block: the part of a key that must never appear in any output. */
  public static String pemBody(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
  }
}
