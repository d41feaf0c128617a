package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Public facts about the Secret's leaf certificate; never key material. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateFacts {

  @JsonPropertyDescription("sha256:<64 lower-case hex> of the leaf certificate's DER encoding.")
  private String fingerprint;

  @JsonPropertyDescription("Serial number of the leaf certificate, in hex.")
  private String serialNumber;

  @JsonPropertyDescription("Start of the leaf certificate's validity (RFC 3339).")
  private String notBefore;

  @JsonPropertyDescription("End of the leaf certificate's validity (RFC 3339).")
  private String notAfter;

  @JsonPropertyDescription("DNS names of the leaf certificate's subject alternative names.")
  private List<String> dnsNames;

  @JsonPropertyDescription(
      "Id of this certificate in the account's certificate store, once uploaded (one per account"
          + " and fingerprint).")
  private String certId;

  public CertificateFacts() {}

  public CertificateFacts(
      String fingerprint,
      String serialNumber,
      String notBefore,
      String notAfter,
      List<String> dnsNames) {
    this.fingerprint = fingerprint;
    this.serialNumber = serialNumber;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.dnsNames = dnsNames;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public String getNotBefore() {
    return notBefore;
  }

  public void setNotBefore(String notBefore) {
    this.notBefore = notBefore;
  }

  public String getNotAfter() {
    return notAfter;
  }

  public void setNotAfter(String notAfter) {
    this.notAfter = notAfter;
  }

  public String getCertId() {
    return certId;
  }

  public void setCertId(String certId) {
    this.certId = certId;
  }

  public List<String> getDnsNames() {
    return dnsNames;
  }

  public void setDnsNames(List<String> dnsNames) {
    this.dnsNames = dnsNames;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFacts that
        && Objects.equals(fingerprint, that.fingerprint)
        && Objects.equals(serialNumber, that.serialNumber)
        && Objects.equals(notBefore, that.notBefore)
        && Objects.equals(notAfter, that.notAfter)
        && Objects.equals(dnsNames, that.dnsNames)
        && Objects.equals(certId, that.certId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fingerprint, serialNumber, notBefore, notAfter, dnsNames);
  }

  /** A field this version does not know (from a newer CRD): ignored, and logged once. */
  @JsonAnySetter
  void ignoreUnknownField(String name, Object value) {
    UnknownFields.ignore("status.certificate", name);
  }
}
