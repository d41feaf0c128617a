package io.certsync.cdn.certificate;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A checked certificate chain (leaf first) and its private key, in the PEM form the CDN takes.
 * {@link #toString()} never shows the key.
 */
public final class TlsMaterial {

  private final CertificateInfo info;
  private final List<X509Certificate> chain;
  private final String chainPem;
  private final SensitiveText privateKeyPem;

  TlsMaterial(
      CertificateInfo info,
      List<X509Certificate> chain,
      String chainPem,
      SensitiveText privateKeyPem) {
    this.info = info;
    this.chain = List.copyOf(chain);
    this.chainPem = chainPem;
    this.privateKeyPem = privateKeyPem;
  }

  public CertificateInfo info() {
    return info;
  }

  public String fingerprint() {
    return info.fingerprint();
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  /** The chain as PEM, leaf first, no blank lines. */
  public String chainPem() {
    return chainPem;
  }

  /** The key as PKCS#1 (RSA) or SEC1 (EC) PEM. */
  public SensitiveText privateKeyPem() {
    return privateKeyPem;
  }

  @Override
  public String toString() {
    return "TlsMaterial["
        + info.fingerprint()
        + ", "
        + chain.size()
        + " certificates, key redacted]";
  }
}
