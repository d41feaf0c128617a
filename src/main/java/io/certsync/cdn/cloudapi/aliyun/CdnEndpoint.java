package io.certsync.cdn.cloudapi.aliyun;

import okhttp3.HttpUrl;

/**
 * Parses endpoint settings (CDN_ENDPOINT, ALIBABA_CLOUD_STS_ENDPOINT): a full URL, or a host name
 * with https assumed.
 */
public final class CdnEndpoint {

  public static final String DEFAULT = "https://cdn.aliyuncs.com";

  private CdnEndpoint() {}

  public static HttpUrl parse(String value) {
    return parse(value, DEFAULT);
  }

  /** A full URL, or a host name with https assumed; {@code fallback} when blank. */
  public static HttpUrl parse(String value, String fallback) {
    String v = value == null || value.isBlank() ? fallback : value.trim();
    if (!v.contains("://")) {
      v = "https://" + v;
    }
    HttpUrl url = HttpUrl.parse(v);
    if (url == null) {
      throw new IllegalArgumentException("not a URL or host name: " + value);
    }
    return url.newBuilder().encodedPath("/").query(null).build();
  }
}
