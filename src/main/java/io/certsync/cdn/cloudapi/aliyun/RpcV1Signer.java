package io.certsync.cdn.cloudapi.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RPC signature with {@code SignatureVersion=1.0}, {@code HMAC-SHA1} (Alibaba's docs call it
 * "signature method V2"): every parameter but Signature, sorted and encoded, then the whole string
 * encoded once more behind the method, signed with {@code secret + "&"}.
 */
public final class RpcV1Signer {

  private RpcV1Signer() {}

  public static String stringToSign(String method, SortedMap<String, String> parameters) {
    SortedMap<String, String> signed = new TreeMap<>(parameters);
    signed.remove("Signature");
    return method.toUpperCase(Locale.ROOT)
        + "&"
        + PercentEncoder.encode("/")
        + "&"
        + PercentEncoder.encode(PercentEncoder.canonicalQuery(signed));
  }

  /** The Base64 signature, before URL encoding. */
  public static String sign(String method, SortedMap<String, String> parameters, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] raw = mac.doFinal(stringToSign(method, parameters).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(raw);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
    }
  }
}
