package io.certsync.cdn.testing;

import io.certsync.cdn.certificate.LocalIssuer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** The tests' entry point to {@link LocalIssuer}: certificates and keys made at test time. */
public final class TestCertificates {

  private TestCertificates() {}

  public static KeyPair rsa() {
    return LocalIssuer.rsa();
  }

  public static KeyPair ec() {
    return LocalIssuer.ec();
  }

  public static KeyPair generate(String algorithm, int size) {
    return LocalIssuer.keyPair(algorithm, size);
  }

  /** An issued certificate with its key and the chain above it, in the forms tests compare. */
  public record Issued(LocalIssuer.Issued issued) {

    public X509Certificate certificate() {
      return issued.certificate();
    }

    public KeyPair keys() {
      return issued.keys();
    }

    public List<X509Certificate> issuers() {
      return issued.issuers();
    }

    public String certificatePem() {
      return issued.certificatePem();
    }

    /** Leaf, then its issuers: what cert-manager writes to tls.crt. */
    public String chainPem() {
      return issued.chainPem();
    }

    public String keyPkcs1OrSec1() {
      return issued.keyPem().reveal();
    }

    public String keyPkcs8() {
      return issued.keyPkcs8Pem().reveal();
    }
  }

  /** A self-signed CA. */
  public static Issued ca(String name) {
    return new Issued(LocalIssuer.create(name).authority());
  }

  /** An intermediate CA issued by {@code parent}. */
  public static Issued intermediate(String name, Issued parent) {
    return new Issued(LocalIssuer.of(parent.issued()).intermediate(name).authority());
  }

  /** A leaf for the DNS names, valid from notBefore to notAfter, with the given key. */
  public static Issued leaf(
      Issued issuer, KeyPair keys, Instant notBefore, Instant notAfter, String... dnsNames) {
    return new Issued(LocalIssuer.of(issuer.issued()).issue(keys, notBefore, notAfter, dnsNames));
  }

  /** A leaf with a fresh RSA key, valid from {@code notBefore} to {@code notAfter}. */
  public static Issued leafValid(
      Issued issuer, Instant notBefore, Instant notAfter, String... dnsNames) {
    return leaf(issuer, rsa(), notBefore, notAfter, dnsNames);
  }

  /** A 90-day RSA leaf, valid since yesterday, for the DNS names. */
  public static Issued leaf(Issued issuer, String... dnsNames) {
    Instant now = Instant.now();
    return leaf(
        issuer, rsa(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(89)), dnsNames);
  }

  /** An RSA leaf for the DNS names that expired yesterday, after 59 days. */
  public static Issued expired(Issued issuer, String... dnsNames) {
    Instant now = Instant.now();
    return leaf(
        issuer, rsa(), now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)), dnsNames);
  }

  public static String pem(X509Certificate certificate) {
    return LocalIssuer.certificatePem(certificate);
  }

  /** RSA as PKCS#1, EC as SEC1 naming its curve: the "traditional" OpenSSL forms. */
  public static String traditionalPem(PrivateKey key) {
    return LocalIssuer.keyPem(key).reveal();
  }

  public static String pkcs8Pem(PrivateKey key) {
    return LocalIssuer.pkcs8Pem(key).reveal();
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The base64 body of a PEM block: the part of a key that must never appear in any output. */
  public static String pemBody(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
  }
}
