package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a binding asks for: which Secret's certificate the listed CDN domains should serve. */
@JsonClassDescription(
    "Which certificate (secretName or certId) the listed CDN domains should serve, through which"
        + " API and credentials, and what happens on deletion.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.secretName) != has(self.certId)",
    message = "set exactly one of secretName and certId")
@ValidationRule(
    value = "!has(self.certId) || !has(self.api) || self.api == 'SetCdnDomainSSLCertificate'",
    message = "certId needs api SetCdnDomainSSLCertificate")
public class CdnCertificateBindingSpec {

  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of a Secret of type kubernetes.io/tls in the binding's namespace, usually written by"
          + " cert-manager. Exactly one of secretName and certId is set.")
  private String secretName;

  @Min(1)
  @JsonPropertyDescription(
      "Id of a certificate already held in Alibaba Cloud Certificate Management Service, bound"
          + " with CertType=cas instead of uploading a Secret: no key material is sent. Use"
          + " certRegion for its region.")
  private Long certId;

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "CDN domain names that should serve the Secret's certificate: 1 to 100, unique, lower-case."
          + " A wildcard CDN domain is written .example.com. One API call per domain.")
  private List<String> domains = new ArrayList<>();

  @Default("SetCdnDomainSSLCertificate")
  @JsonPropertyDescription(
      "Write API: SetCdnDomainSSLCertificate (default) or the deprecated"
          + " SetDomainServerCertificate (10 calls/s).")
  private CdnApi api;

  @Size(max = 111)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription(
      "Prefix of the certificate name in the CDN certificate store: <prefix>-<first 16 hex of the"
          + " fingerprint>. Defaults to <namespace>-<secretName>. The prefix is shortened so the"
          + " whole name fits the store's 63 characters (46 of the prefix).")
  private String certNamePrefix;

  @JsonPropertyDescription(
      "Certificate store region: cn-hangzhou (default, China site) or ap-southeast-1"
          + " (international site).")
  private CertRegion certRegion;

  @JsonPropertyDescription(
      "Secret in the binding's namespace with keys accessKeyId, accessKeySecret and optionally"
          + " securityToken. Without it the operator's default credentials are used.")
  private SecretReference credentialsSecretRef;

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain (default): deleting the binding leaves the CDN serving. Disable: a finalizer turns"
          + " HTTPS off for every domain when the binding is deleted.")
  private DeletionPolicy deletionPolicy;

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain (default): certificates stay in the account's certificate store. Delete: a"
          + " certificate this binding uploaded is deleted from the store once no domain or other"
          + " cloud resource serves it, RECLAIM_GRACE_PERIOD after the last one moved off it.")
  private ReclaimPolicy reclaimPolicy;

  @JsonIgnore private final Map<String, String> unsupported = new TreeMap<>();

  @JsonPropertyDescription("When true, observe and report only: no write API is ever called.")
  private Boolean suspend;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public Long getCertId() {
    return certId;
  }

  public void setCertId(Long certId) {
    this.certId = certId;
  }

  public List<String> getDomains() {
    return domains;
  }

  public void setDomains(List<String> domains) {
    this.domains = domains;
  }

  public CdnApi getApi() {
    return api;
  }

  public void setApi(CdnApi api) {
    this.api = api;
  }

  public String getCertNamePrefix() {
    return certNamePrefix;
  }

  public void setCertNamePrefix(String certNamePrefix) {
    this.certNamePrefix = certNamePrefix;
  }

  public CertRegion getCertRegion() {
    return certRegion;
  }

  public void setCertRegion(CertRegion certRegion) {
    this.certRegion = certRegion;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public ReclaimPolicy getReclaimPolicy() {
    return reclaimPolicy;
  }

  public void setReclaimPolicy(ReclaimPolicy reclaimPolicy) {
    this.reclaimPolicy = reclaimPolicy;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  /** The API to call, with the default applied. */
  @JsonIgnore
  public CdnApi effectiveApi() {
    return api == null ? CdnApi.SetCdnDomainSSLCertificate : api;
  }

  /** Whether write calls are suspended. */
  @JsonIgnore
  public boolean isSuspended() {
    return Boolean.TRUE.equals(suspend);
  }

  @JsonSetter("api")
  void readApi(String value) {
    api = known(CdnApi.class, "api", value);
  }

  @JsonSetter("certRegion")
  void readCertRegion(String value) {
    certRegion = known(CertRegion.class, "certRegion", value);
  }

  @JsonSetter("deletionPolicy")
  void readDeletionPolicy(String value) {
    deletionPolicy = known(DeletionPolicy.class, "deletionPolicy", value);
  }

  @JsonSetter("reclaimPolicy")
  void readReclaimPolicy(String value) {
    reclaimPolicy = known(ReclaimPolicy.class, "reclaimPolicy", value);
  }

  private <E extends Enum<E>> E known(Class<E> type, String field, String value) {
    unsupported.remove(field);
    E known = UnknownFields.enumValue(type, "spec." + field, value).orElse(null);
    if (known == null && value != null) {
      unsupported.put(field, value);
    }
    return known;
  }

  /**
   * Fields set to a value this version does not know (from a newer CRD), field path to value: the
   * binding cannot be acted on as written, so the operator holds it and says why.
   */
  @JsonIgnore
  public Map<String, String> unsupportedValues() {
    Map<String, String> paths = new TreeMap<>();
    unsupported.forEach((field, value) -> paths.put("spec." + field, value));
    return paths;
  }

  /** Unknown values are written back as read, so a copy of the binding keeps them. */
  @JsonAnyGetter
  @JsonIgnore // for the CRD generator: not a property of the schema
  Map<String, String> unsupportedAsWritten() {
    return unsupported;
  }

  /** A field this version does not know (from a newer CRD): ignored, and logged once. */
  @JsonAnySetter
  void ignoreUnknownField(String name, Object value) {
    UnknownFields.ignore("spec", name);
  }
}
