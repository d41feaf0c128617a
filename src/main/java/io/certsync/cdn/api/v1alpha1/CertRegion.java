package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Region of the Certificate Management Service store that holds uploaded certificates. */
public enum CertRegion {
  @JsonProperty("cn-hangzhou")
  CN_HANGZHOU("cn-hangzhou"),
  @JsonProperty("ap-southeast-1")
  AP_SOUTHEAST_1("ap-southeast-1");

  private final String wireValue;

  CertRegion(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value the API expects, e.g. {@code cn-hangzhou}. */
  public String wireValue() {
    return wireValue;
  }
}
