package io.certsync.cdn.emulator;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

/**
 * The emulator's own check of an uploaded chain and key, written apart from the operator's
 * pre-flight checks so that a bug in one cannot hide behind the other: the JDK parses the chain
 * and, through {@link PemPrivateKeys}, the key (PKCS#1, PKCS#8 or SEC1, unencrypted); a signed
 * challenge proves the pair, and the emulator's clock decides expiry.
 */
final class UploadedCertificateValidator {

  private static final byte[] CHALLENGE =
      "cdn-emulator key pair challenge".getBytes(StandardCharsets.US_ASCII);

  /** The chain alone, as for a certificate someone else put in the store. */
  static X509Certificate leafOf(String chainPem) throws EmulatorException {
    try {
      Collection<? extends Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
      if (chain.isEmpty() || !(chain.iterator().next() instanceof X509Certificate leaf)) {
        throw invalidCertificate();
      }
      return leaf;
    } catch (CertificateException | IllegalArgumentException e) {
      throw invalidCertificate();
    }
  }

  /** Chain, key, their pair and expiry; answers the leaf's facts. */
  CertificateFacts validate(String chainPem, String keyPem, Instant now) throws EmulatorException {
    X509Certificate leaf = leafOf(chainPem);
    PrivateKey key = parseKey(keyPem);
    if (!pairs(key, leaf.getPublicKey())) {
      throw new EmulatorException(
          400, "Certificate.MissMatch", "The SSLPri does not match the certificate.");
    }
    CertificateFacts facts = CertificateFacts.of(leaf);
    if (facts.expiredAt(now)) {
      throw new EmulatorException(400, "Certificate.Expired", "The certificate has expired.");
    }
    return facts;
  }

  private static PrivateKey parseKey(String keyPem) throws EmulatorException {
    // encrypted keys, certificates, anything else: not a usable key
    return PemPrivateKeys.parse(keyPem).orElseThrow(UploadedCertificateValidator::invalidKey);
  }

  private static boolean pairs(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static EmulatorException invalidCertificate() {
    return new EmulatorException(400, "InvalidSSLPub", "The specified SSLPub is invalid.");
  }

  private static EmulatorException invalidKey() {
    return new EmulatorException(400, "InvalidSSLPri", "The specified SSLPri is invalid.");
  }
}
