package io.certsync.cdn.certificate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits PEM text into blocks, with limits checked before any decoding.
 *
 * <p>The limits follow the arithmetic cert-manager uses: an RSA-8192 certificate with a long
 * subject and many SANs stays under 6.5 KiB of PEM, so a chain of {@value #MAX_CERTIFICATES} such
 * certificates fits in {@value #MAX_CHAIN_BYTES} bytes, and the largest private key (RSA 8192,
 * PKCS#8) is under 6.5 KiB. Anything larger is not a TLS Secret we can push, and refusing it early
 * keeps a hostile 10 MB Secret from costing parse time or memory.
 */
final class PemDecoder {

  static final int MAX_CHAIN_BYTES = 65_536;
  static final int MAX_KEY_BYTES = 16_384;
  static final int MAX_CERTIFICATES = 10;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final Pattern HEADER_LINE = Pattern.compile("^[A-Za-z-]+:.*$", Pattern.MULTILINE);

  private PemDecoder() {}

  static List<PemBlock> decode(byte[] pem, int maxBytes, CheckReason reason, String what)
      throws CertificateCheckException {
    if (pem.length > maxBytes) {
      throw new CertificateCheckException(
          reason, what + " is " + pem.length + " bytes, more than the limit of " + maxBytes);
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    List<PemBlock> blocks = new ArrayList<>();
    while (m.find()) {
      String body = m.group(2);
      if (HEADER_LINE.matcher(body).find()) {
        blocks.add(new PemBlock(m.group(1) + " (with headers)", new byte[0]));
        continue;
      }
      try {
        blocks.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(body.strip())));
      } catch (IllegalArgumentException e) {
        throw new CertificateCheckException(
            reason, what + " has a " + m.group(1) + " block that is not valid base64");
      }
    }
    if (blocks.isEmpty()) {
      throw new CertificateCheckException(reason, what + " holds no PEM block");
    }
    return blocks;
  }
}
