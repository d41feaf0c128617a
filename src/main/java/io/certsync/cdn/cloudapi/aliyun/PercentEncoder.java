package io.certsync.cdn.cloudapi.aliyun;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud's percent-encoding (RFC 3986): {@code A-Z a-z 0-9 - _ . ~} stay, every other UTF-8
 * byte becomes {@code %XY} in upper-case hex, so a space is {@code %20} and never {@code +}.
 */
public final class PercentEncoder {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoder() {}

  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** {@code k1=v1&k2=v2} over the sorted map, names and values encoded. */
  public static String canonicalQuery(SortedMap<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String canonicalQuery(Map<String, String> parameters) {
    return canonicalQuery(new TreeMap<>(parameters));
  }
}
