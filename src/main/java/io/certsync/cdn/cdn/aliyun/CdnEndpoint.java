package io.certsync.cdn.cdn.aliyun;

import okhttp3.HttpUrl;

/** Parses the CDN_ENDPOINT setting: a full URL, or a host name with https assumed. */
public final class CdnEndpoint {

  public static final String DEFAULT = "https://cdn.aliyuncs.com";

  private CdnEndpoint() {}

  public static HttpUrl parse(String value) {
    String v = value == null || value.isBlank() ? DEFAULT : value.trim();
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
