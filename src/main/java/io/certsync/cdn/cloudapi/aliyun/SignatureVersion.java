package io.certsync.cdn.cloudapi.aliyun;

import java.util.Locale;

/** Which request signature the client sends. */
public enum SignatureVersion {
  /** ACS3-HMAC-SHA256, the default of the current official SDKs. */
  V3,
  /** RPC HMAC-SHA1 with SignatureVersion=1.0. */
  V1;

  public static SignatureVersion parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "v3", "3" -> V3;
      case "v1", "1", "1.0" -> V1;
      default ->
          throw new IllegalArgumentException("signature version must be v3 or v1, not " + value);
    };
  }
}
