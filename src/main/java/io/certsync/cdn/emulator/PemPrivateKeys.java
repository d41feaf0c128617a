package io.certsync.cdn.emulator;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's own reading of an unencrypted PEM private key with nothing but the JDK: PKCS#8
 * ({@code PRIVATE KEY}) as it is, PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE
 * KEY}) wrapped into PKCS#8 first. Written apart from the operator's parser on purpose.
 */
final class PemPrivateKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  // AlgorithmIdentifier { rsaEncryption, NULL }
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  // OID id-ecPublicKey
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");
  private static final byte[] VERSION_0 = hex("020100");

  private PemPrivateKeys() {}

  /** The key, or empty for anything that is not one unencrypted private key of a known form. */
  static Optional<PrivateKey> parse(String pem) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // EC PARAMETERS before the key, say
      }
      String body = m.group(2);
      if (body.contains(":")) {
        return Optional.empty(); // Proc-Type: 4,ENCRYPTED and friends
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      return switch (type) {
        case "PRIVATE KEY" -> pkcs8(der, List.of("RSA", "EC", "Ed25519"));
        case "RSA PRIVATE KEY" ->
            pkcs8(sequence(VERSION_0, RSA_ALGORITHM, tlv(0x04, der)), List.of("RSA"));
        case "EC PRIVATE KEY" ->
            curveOf(der)
                .flatMap(
                    curve ->
                        pkcs8(
                            sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, curve), tlv(0x04, der)),
                            List.of("EC")));
        default -> Optional.empty(); // ENCRYPTED PRIVATE KEY and unknown kinds
      };
    }
    return Optional.empty();
  }

  private static Optional<PrivateKey> pkcs8(byte[] der, List<String> algorithms) {
    for (String algorithm : algorithms) {
      try {
        return Optional.of(
            KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm
      }
    }
    return Optional.empty();
  }

  /**
   * The named-curve OID (a whole TLV) of a SEC1 ECPrivateKey: {@code SEQUENCE { version,
   * privateKey, [0] parameters, [1] publicKey }}.
   */
  private static Optional<byte[]> curveOf(byte[] sec1) {
    try {
      int[] outer = header(sec1, 0);
      if (sec1[0] != 0x30) {
        return Optional.empty();
      }
      int at = outer[0];
      int end = Math.min(sec1.length, at + outer[1]);
      while (at < end) {
        int[] child = header(sec1, at);
        int contentStart = child[0];
        if ((sec1[at] & 0xff) == 0xa0) {
          int[] oid = header(sec1, contentStart);
          if (sec1[contentStart] != 0x06) {
            return Optional.empty();
          }
          byte[] out = new byte[oid[0] - contentStart + oid[1]];
          System.arraycopy(sec1, contentStart, out, 0, out.length);
          return Optional.of(out);
        }
        at = contentStart + child[1];
      }
      return Optional.empty();
    } catch (ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** Where the content of the TLV at {@code at} starts, and its length. */
  private static int[] header(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int bytes = first & 0x7f;
    if (bytes == 0 || bytes > 3) {
      throw new ArrayIndexOutOfBoundsException("unsupported DER length");
    }
    int length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return new int[] {at + 2 + bytes, length};
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
