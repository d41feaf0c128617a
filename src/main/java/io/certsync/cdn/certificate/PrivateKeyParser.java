package io.certsync.cdn.certificate;

import java.io.IOException;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Parses an unencrypted RSA or EC private key in PKCS#1, SEC1 or PKCS#8 PEM form. */
final class PrivateKeyParser {

  private PrivateKeyParser() {}

  static PrivateKey parse(byte[] pem) throws CertificateCheckException {
    List<PemBlock> blocks =
        PemDecoder.decode(
            pem, PemDecoder.MAX_KEY_BYTES, CheckReason.PrivateKeyMalformed, "tls.key");
    List<PemBlock> keys = blocks.stream().filter(b -> !b.label().equals("EC PARAMETERS")).toList();
    if (keys.size() != 1) {
      throw new CertificateCheckException(
          CheckReason.PrivateKeyMalformed,
          "tls.key must hold exactly one private key; it holds " + keys.size() + " PEM blocks");
    }
    PemBlock block = keys.get(0);
    PrivateKeyInfo info = toPrivateKeyInfo(block);
    String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    boolean rsa = algorithm.equals(PKCSObjectIdentifiers.rsaEncryption.getId());
    boolean ec = algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey.getId());
    if (!rsa && !ec) {
      throw new CertificateCheckException(
          CheckReason.PrivateKeyMalformed,
          "tls.key is of an unsupported key type (algorithm "
              + algorithm
              + "); the CDN accepts RSA and EC (ECDSA) keys");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (Exception e) {
      throw new CertificateCheckException(
          CheckReason.PrivateKeyMalformed, "tls.key could not be read as an RSA or EC key");
    }
  }

  private static PrivateKeyInfo toPrivateKeyInfo(PemBlock block) throws CertificateCheckException {
    try {
      return switch (block.label()) {
        case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(block.der());
        case "RSA PRIVATE KEY" ->
            new PrivateKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                RSAPrivateKey.getInstance(block.der()));
        case "EC PRIVATE KEY" -> {
          ECPrivateKey sec1 = ECPrivateKey.getInstance(block.der());
          if (sec1.getParametersObject() == null) {
            throw new CertificateCheckException(
                CheckReason.PrivateKeyMalformed,
                "tls.key is an EC key that does not name its curve");
          }
          yield new PrivateKeyInfo(
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()),
              sec1);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new CertificateCheckException(
                CheckReason.PrivateKeyMalformed,
                "tls.key is encrypted; the CDN needs an unencrypted key");
        default -> {
          if (block.label().endsWith("(with headers)")) {
            throw new CertificateCheckException(
                CheckReason.PrivateKeyMalformed,
                "tls.key is encrypted; the CDN needs an unencrypted key");
          }
          throw new CertificateCheckException(
              CheckReason.PrivateKeyMalformed,
              "tls.key holds a '" + block.label() + "' block, not a private key");
        }
      };
    } catch (CertificateCheckException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ASN.1 errors may quote the bytes they choke on: never pass them on.
      throw new CertificateCheckException(
          CheckReason.PrivateKeyMalformed,
          "tls.key holds a '" + block.label() + "' block whose content is not a valid key");
    }
  }
}
