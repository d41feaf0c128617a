package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A certificate this binding uploaded and no longer serves, waiting to leave the store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PendingReclaim {

  @JsonPropertyDescription("Id of the certificate in the account's certificate store.")
  private String certId;

  @JsonPropertyDescription("Fingerprint of the superseded certificate.")
  private String fingerprint;

  @JsonPropertyDescription("Since when no domain of this binding serves it (RFC 3339).")
  private String unusedSince;

  @JsonPropertyDescription("When it is next checked, and deleted if nothing uses it (RFC 3339).")
  private String nextCheckTime;

  @JsonPropertyDescription("Raw API error code of the last failed check or deletion.")
  private String errorCode;

  @JsonPropertyDescription("Why it is still held: in use elsewhere, or the last error.")
  private String message;

  public PendingReclaim() {}

  public PendingReclaim(String certId, String fingerprint, String unusedSince) {
    this.certId = certId;
    this.fingerprint = fingerprint;
    this.unusedSince = unusedSince;
  }

  public PendingReclaim copy() {
    PendingReclaim c = new PendingReclaim(certId, fingerprint, unusedSince);
    c.nextCheckTime = nextCheckTime;
    c.errorCode = errorCode;
    c.message = message;
    return c;
  }

  public String getCertId() {
    return certId;
  }

  public void setCertId(String certId) {
    this.certId = certId;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getUnusedSince() {
    return unusedSince;
  }

  public void setUnusedSince(String unusedSince) {
    this.unusedSince = unusedSince;
  }

  public String getNextCheckTime() {
    return nextCheckTime;
  }

  public void setNextCheckTime(String nextCheckTime) {
    this.nextCheckTime = nextCheckTime;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingReclaim that
        && Objects.equals(certId, that.certId)
        && Objects.equals(fingerprint, that.fingerprint)
        && Objects.equals(unusedSince, that.unusedSince)
        && Objects.equals(nextCheckTime, that.nextCheckTime)
        && Objects.equals(errorCode, that.errorCode)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(certId, fingerprint, unusedSince);
  }
}
