package io.certsync.cdn.cloudapi;

/** The Alibaba Cloud products this operator calls, each with the API version it speaks. */
public enum ApiProduct {
  /** Alibaba Cloud CDN. */
  CDN("2018-05-10"),
  /** Certificate Management Service, the account's certificate store. */
  CAS("2020-04-07"),
  /** Security Token Service, which names the account behind a key. */
  STS("2015-04-01");

  private final String apiVersion;

  ApiProduct(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String apiVersion() {
    return apiVersion;
  }
}
