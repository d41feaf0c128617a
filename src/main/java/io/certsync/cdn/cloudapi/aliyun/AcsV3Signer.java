package io.certsync.cdn.cloudapi.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature V3, {@code ACS3-HMAC-SHA256}: a canonical request over method, path, sorted query, the
 * {@code host}, {@code x-acs-*} and {@code content-type} headers and the payload hash, hashed and
 * signed with the raw AccessKey secret.
 */
public final class AcsV3Signer {

  public static final String ALGORITHM = "ACS3-HMAC-SHA256";
  public static final String EMPTY_PAYLOAD_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private AcsV3Signer() {}

  /** The canonical request, exposed for tests and for debugging a signature mismatch. */
  public static String canonicalRequest(
      String method,
      String path,
      SortedMap<String, String> query,
      Map<String, String> headers,
      String payloadSha256) {
    SortedMap<String, String> signed = signedHeaders(headers);
    String canonicalHeaders =
        signed.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue().trim() + "\n")
            .collect(Collectors.joining());
    return method.toUpperCase(Locale.ROOT)
        + "\n"
        + path
        + "\n"
        + PercentEncoder.canonicalQuery(query)
        + "\n"
        + canonicalHeaders
        + "\n"
        + String.join(";", signed.keySet())
        + "\n"
        + payloadSha256;
  }

  /** The value of the {@code Authorization} header. */
  public static String authorization(
      String method,
      String path,
      SortedMap<String, String> query,
      Map<String, String> headers,
      String payloadSha256,
      String accessKeyId,
      String accessKeySecret) {
    String canonical = canonicalRequest(method, path, query, headers, payloadSha256);
    String stringToSign = ALGORITHM + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    String signature = hmacSha256Hex(accessKeySecret, stringToSign);
    return ALGORITHM
        + " Credential="
        + accessKeyId
        + ",SignedHeaders="
        + String.join(";", signedHeaders(headers).keySet())
        + ",Signature="
        + signature;
  }

  private static SortedMap<String, String> signedHeaders(Map<String, String> headers) {
    SortedMap<String, String> signed = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (lower.startsWith("x-acs-") || lower.equals("host") || lower.equals("content-type")) {
            signed.put(lower, value);
          }
        });
    return signed;
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static String hmacSha256Hex(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
