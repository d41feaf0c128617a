package io.certsync.cdn.certificate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;

/**
 * Writes the PEM the CDN documents: certificates leaf first with 64-character lines and no blank
 * lines; RSA keys as PKCS#1 ({@code RSA PRIVATE KEY}), EC keys as SEC1 ({@code EC PRIVATE KEY}).
 */
final class PemEncoder {

  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private PemEncoder() {}

  static String certificates(List<X509Certificate> chain) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : chain) {
      try {
        out.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
      }
    }
    return out.toString();
  }

  static SensitiveText privateKey(PrivateKey key) {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    try {
      if (key.getAlgorithm().equals("RSA")) {
        return new SensitiveText(
            block("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
      }
      ECPrivateKey sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
      if (sec1.getParametersObject() == null) {
        int orderBits = ((ECKey) key).getParams().getOrder().bitLength();
        sec1 =
            new ECPrivateKey(
                orderBits,
                sec1.getKey(),
                sec1.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters());
      }
      return new SensitiveText(block("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("a parsed key cannot be re-encoded");
    }
  }

  static SensitiveText pkcs8(PrivateKey key) {
    return new SensitiveText(block("PRIVATE KEY", key.getEncoded()));
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
