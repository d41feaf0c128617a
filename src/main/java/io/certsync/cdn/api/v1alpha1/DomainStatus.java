package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import java.util.Objects;

/** The outcome for one CDN domain of a binding. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DomainStatus {

  @JsonPropertyDescription("The CDN domain.")
  private String domain;

  @JsonPropertyDescription("Synced, Pending or Failed.")
  private DomainState state;

  @JsonPropertyDescription("Fingerprint of the certificate this domain was last set to.")
  private String fingerprint;

  @JsonPropertyDescription("Name of the certificate in the CDN certificate store.")
  private String certName;

  @JsonPropertyDescription("Id of the certificate in the store, as the CDN reports it.")
  private String certId;

  @JsonPropertyDescription("When this domain was last found or set to serve the fingerprint.")
  private String lastSyncTime;

  @JsonPropertyDescription("RequestId of the last API call for this domain.")
  private String requestId;

  @JsonPropertyDescription("Raw API error code of the last failure, e.g. Certificate.MissMatch.")
  private String errorCode;

  @JsonPropertyDescription("Message of the last failure.")
  private String message;

  @JsonPropertyDescription("When the last API call for this domain was made.")
  private String lastAttemptTime;

  @JsonPropertyDescription(
      "Expiry (notAfter) of the certificate the CDN served when last read back.")
  private String servedNotAfter;

  @JsonPropertyDescription("When what the CDN serves for this domain was last read back.")
  private String lastCheckTime;

  @JsonPropertyDescription(
      "Consecutive failed attempts with the current certificate; 0 or absent once synced.")
  private Integer failures;

  @JsonPropertyDescription(
      "Retry class decided at the last failure: Transient, FixInput, AccountState or"
          + " AlreadyUploaded.")
  private String errorClass;

  @JsonPropertyDescription("HTTP status of the last failed answer; 0 when there was no answer.")
  private Integer httpStatus;

  @JsonPropertyDescription(
      "When the next attempt is due, decided at the last failure; absent when only a change of the"
          + " Secret or the binding brings one.")
  private String nextAttemptTime;

  public DomainStatus() {}

  public DomainStatus(String domain) {
    this.domain = domain;
  }

  /** A field-by-field copy. */
  public DomainStatus copy() {
    DomainStatus c = new DomainStatus(domain);
    c.state = state;
    c.fingerprint = fingerprint;
    c.certName = certName;
    c.certId = certId;
    c.lastSyncTime = lastSyncTime;
    c.requestId = requestId;
    c.errorCode = errorCode;
    c.message = message;
    c.lastAttemptTime = lastAttemptTime;
    c.failures = failures;
    c.lastCheckTime = lastCheckTime;
    c.servedNotAfter = servedNotAfter;
    c.errorClass = errorClass;
    c.httpStatus = httpStatus;
    c.nextAttemptTime = nextAttemptTime;
    return c;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public DomainState getState() {
    return state;
  }

  public void setState(DomainState state) {
    this.state = state;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getCertName() {
    return certName;
  }

  public void setCertName(String certName) {
    this.certName = certName;
  }

  public String getCertId() {
    return certId;
  }

  public void setCertId(String certId) {
    this.certId = certId;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
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

  public String getLastAttemptTime() {
    return lastAttemptTime;
  }

  public void setLastAttemptTime(String lastAttemptTime) {
    this.lastAttemptTime = lastAttemptTime;
  }

  public String getServedNotAfter() {
    return servedNotAfter;
  }

  public void setServedNotAfter(String servedNotAfter) {
    this.servedNotAfter = servedNotAfter;
  }

  public String getLastCheckTime() {
    return lastCheckTime;
  }

  public void setLastCheckTime(String lastCheckTime) {
    this.lastCheckTime = lastCheckTime;
  }

  public Integer getFailures() {
    return failures;
  }

  public void setFailures(Integer failures) {
    this.failures = failures;
  }

  public String getErrorClass() {
    return errorClass;
  }

  public void setErrorClass(String errorClass) {
    this.errorClass = errorClass;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public void setHttpStatus(Integer httpStatus) {
    this.httpStatus = httpStatus;
  }

  public String getNextAttemptTime() {
    return nextAttemptTime;
  }

  public void setNextAttemptTime(String nextAttemptTime) {
    this.nextAttemptTime = nextAttemptTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DomainStatus that
        && Objects.equals(domain, that.domain)
        && state == that.state
        && Objects.equals(fingerprint, that.fingerprint)
        && Objects.equals(certName, that.certName)
        && Objects.equals(certId, that.certId)
        && Objects.equals(lastSyncTime, that.lastSyncTime)
        && Objects.equals(requestId, that.requestId)
        && Objects.equals(errorCode, that.errorCode)
        && Objects.equals(message, that.message)
        && Objects.equals(lastAttemptTime, that.lastAttemptTime)
        && Objects.equals(failures, that.failures)
        && Objects.equals(lastCheckTime, that.lastCheckTime)
        && Objects.equals(servedNotAfter, that.servedNotAfter)
        && Objects.equals(errorClass, that.errorClass)
        && Objects.equals(httpStatus, that.httpStatus)
        && Objects.equals(nextAttemptTime, that.nextAttemptTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, state, fingerprint, certName, lastSyncTime, requestId, errorCode);
  }

  /** A field this version does not know (from a newer CRD): ignored, and logged once. */
  /** A state written by a newer version is dropped: this one decides the domain afresh. */
  @JsonSetter("state")
  void readState(String value) {
    state =
        UnknownFields.enumValue(DomainState.class, "status.domains[].state", value).orElse(null);
  }

  @JsonAnySetter
  void ignoreUnknownField(String name, Object value) {
    UnknownFields.ignore("status.domains[]", name);
  }
}
