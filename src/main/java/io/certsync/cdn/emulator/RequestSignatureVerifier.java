package io.certsync.cdn.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies request signatures the way the gateway documents them, written apart from the client's
 * signers (the official SDK's {@code URLEncoder} recipe, a different structure) so that a bug in
 * one cannot hide behind the other. Also checks the 15-minute timestamp window and nonce reuse.
 */
final class RequestSignatureVerifier {

  private static final Duration SKEW = Duration.ofMinutes(15);
  private static final int NONCES_KEPT = 200_000;

  private final Map<String, String> secrets;
  private final Map<String, StsToken> stsTokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Map<String, Boolean> seenNonces =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > NONCES_KEPT;
        }
      };

  RequestSignatureVerifier(Map<String, String> secrets, Clock clock) {
    this.secrets = new ConcurrentHashMap<>(secrets);
    this.clock = clock;
  }

  /** A temporary key issued by the emulated STS: valid with its token until it expires. */
  record StsToken(String token, Instant expiration) {}

  void addTemporaryKey(String accessKeyId, String secret, String token, Instant expiration) {
    secrets.put(accessKeyId, secret);
    stsTokens.put(accessKeyId, new StsToken(token, expiration));
  }

  private void checkToken(String accessKeyId, String presented) throws EmulatorException {
    StsToken expected = stsTokens.get(accessKeyId);
    if (expected == null) {
      return;
    }
    if (presented == null || presented.isEmpty()) {
      throw new EmulatorException(
          400, "MissingSecurityToken", "SecurityToken is mandatory for this AccessKeyId.");
    }
    if (!expected.token().equals(presented)) {
      throw new EmulatorException(
          400,
          "InvalidSecurityToken.MismatchWithAccessKey",
          "Specified SecurityToken mismatch with the AccessKey.");
    }
    if (!clock.instant().isBefore(expected.expiration())) {
      throw new EmulatorException(
          400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
    }
  }

  /** Verified caller: its AccessKeyId and the action it asked for. */
  record Caller(String accessKeyId, String action) {}

  Caller verify(String method, Map<String, String> query, Map<String, String> headers, byte[] body)
      throws EmulatorException {
    String authorization = headers.get("authorization");
    if (authorization != null && authorization.startsWith("ACS3-HMAC-SHA256 ")) {
      return verifyV3(method, query, headers, body, authorization);
    }
    if (query.containsKey("Signature")) {
      return verifyV1(method, query);
    }
    throw new EmulatorException(400, "MissingSignature", "Signature is mandatory for this action.");
  }

  private Caller verifyV3(
      String method,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      String authorization)
      throws EmulatorException {
    Map<String, String> parts = new TreeMap<>();
    for (String part : authorization.substring("ACS3-HMAC-SHA256 ".length()).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    String accessKeyId = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (accessKeyId == null || signedHeaders == null || signature == null) {
      throw new EmulatorException(
          400,
          "IncompleteSignature",
          "The request signature does not conform to Aliyun standards.");
    }
    String secret = secretOf(accessKeyId);
    checkToken(accessKeyId, headers.get("x-acs-security-token"));
    String action = headers.get("x-acs-action");
    checkTimestamp(headers.get("x-acs-date"));
    checkNonce(headers.get("x-acs-signature-nonce"));
    String payloadHash = hex(digest(body));
    if (!payloadHash.equals(headers.get("x-acs-content-sha256"))) {
      throw new EmulatorException(
          400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the body.");
    }
    List<String> names = List.of(signedHeaders.split(";"));
    for (String required : List.of("host", "x-acs-action", "x-acs-date", "x-acs-version")) {
      if (!names.contains(required)) {
        throw new EmulatorException(
            400, "IncompleteSignature", "The header " + required + " must be signed.");
      }
    }
    if (headers.containsKey("x-acs-security-token") && !names.contains("x-acs-security-token")) {
      throw new EmulatorException(
          400, "IncompleteSignature", "The header x-acs-security-token must be signed.");
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append("/\n");
    canonical.append(sortedEncodedQuery(query, false)).append('\n');
    for (String name : names) {
      String value = headers.get(name);
      canonical.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    String toSign = "ACS3-HMAC-SHA256\n" + hex(digest(utf8(canonical.toString())));
    String expected = hex(hmac("HmacSHA256", utf8(secret), toSign));
    if (!MessageDigest.isEqual(utf8(expected), utf8(signature))) {
      throw new EmulatorException(
          400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    }
    return new Caller(accessKeyId, action);
  }

  private Caller verifyV1(String method, Map<String, String> query) throws EmulatorException {
    String accessKeyId = query.get("AccessKeyId");
    if (accessKeyId == null) {
      throw new EmulatorException(400, "MissingAccessKeyId", "AccessKeyId is mandatory.");
    }
    String secret = secretOf(accessKeyId);
    checkToken(accessKeyId, query.get("SecurityToken"));
    if (!"HMAC-SHA1".equals(query.get("SignatureMethod"))
        || !"1.0".equals(query.get("SignatureVersion"))) {
      throw new EmulatorException(
          400, "IncompleteSignature", "SignatureMethod or SignatureVersion is not supported.");
    }
    checkTimestamp(query.get("Timestamp"));
    checkNonce(query.get("SignatureNonce"));
    String toSign = method + "&" + encode("/") + "&" + encode(sortedEncodedQuery(query, true));
    String expected =
        Base64.getEncoder().encodeToString(hmac("HmacSHA1", utf8(secret + "&"), toSign));
    if (!MessageDigest.isEqual(utf8(expected), utf8(query.get("Signature")))) {
      // as the real gateway does: the whole string-to-sign, request parameters and all
      throw new EmulatorException(
          400,
          "SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation. server string to sign is:"
              + toSign);
    }
    return new Caller(accessKeyId, query.get("Action"));
  }

  private String secretOf(String accessKeyId) throws EmulatorException {
    String secret = secrets.get(accessKeyId);
    if (secret == null) {
      throw new EmulatorException(
          404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    return secret;
  }

  private void checkTimestamp(String value) throws EmulatorException {
    if (value == null) {
      throw new EmulatorException(400, "MissingTimestamp", "Timestamp is mandatory.");
    }
    Instant t;
    try {
      t = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new EmulatorException(
          400,
          "InvalidTimeStamp.Format",
          "Specified time stamp or date value is not well formatted.");
    }
    Duration skew = Duration.between(t, clock.instant()).abs();
    if (skew.compareTo(SKEW) > 0) {
      throw new EmulatorException(
          400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    }
  }

  private void checkNonce(String nonce) throws EmulatorException {
    if (nonce == null || nonce.isEmpty()) {
      throw new EmulatorException(400, "MissingSignatureNonce", "SignatureNonce is mandatory.");
    }
    synchronized (seenNonces) {
      if (seenNonces.put(nonce, Boolean.TRUE) != null) {
        throw new EmulatorException(
            400, "SignatureNonceUsed", "Specified signature nonce was used already.");
      }
    }
  }

  private static String sortedEncodedQuery(Map<String, String> query, boolean dropSignature) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
      if (dropSignature && e.getKey().equals("Signature")) {
        continue;
      }
      pairs.add(encode(e.getKey()) + "=" + encode(e.getValue()));
    }
    return String.join("&", pairs);
  }

  /** The official SDKs' recipe, deliberately not the client's hand-written encoder. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String algorithm, byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(utf8(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
  }
}
