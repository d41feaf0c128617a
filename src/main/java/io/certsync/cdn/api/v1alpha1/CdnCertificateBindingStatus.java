package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the operator observed and did for a binding. */
@JsonClassDescription(
    "What the operator observed and did: facts about the certificate (never key material), one"
        + " entry per domain, and the Ready condition.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CdnCertificateBindingStatus {

  public static final String READY = "Ready";

  @JsonPropertyDescription("The metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription("Facts about the Secret's certificate; never key material.")
  private CertificateFacts certificate;

  @JsonPropertyDescription("Synced domains out of all domains, e.g. 1/2.")
  private String syncedDomains;

  @JsonPropertyDescription("One entry per spec domain, in spec order.")
  private List<DomainStatus> domains = new ArrayList<>();

  @JsonPropertyDescription(
      "reclaimPolicy Delete: certificates this binding uploaded that no domain of it serves any"
          + " more, waiting to be deleted from the certificate store.")
  private List<PendingReclaim> reclaims;

  @JsonPropertyDescription(
      "Ready is True iff every domain serves the Secret's current certificate; its reason is the"
          + " operator's own or the API error code without punctuation.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public CertificateFacts getCertificate() {
    return certificate;
  }

  public void setCertificate(CertificateFacts certificate) {
    this.certificate = certificate;
  }

  public String getSyncedDomains() {
    return syncedDomains;
  }

  public void setSyncedDomains(String syncedDomains) {
    this.syncedDomains = syncedDomains;
  }

  public List<DomainStatus> getDomains() {
    return domains;
  }

  public void setDomains(List<DomainStatus> domains) {
    this.domains = domains;
  }

  public List<PendingReclaim> getReclaims() {
    return reclaims;
  }

  public void setReclaims(List<PendingReclaim> reclaims) {
    this.reclaims = reclaims;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CdnCertificateBindingStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(certificate, that.certificate)
        && Objects.equals(syncedDomains, that.syncedDomains)
        && Objects.equals(domains, that.domains)
        && Objects.equals(reclaims, that.reclaims)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, certificate, domains, conditions);
  }

  /** The Ready condition, if any. */
  public Optional<Condition> readyCondition() {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> READY.equals(c.getType())).findFirst();
  }

  /** The status recorded for one domain, if any. */
  public Optional<DomainStatus> domain(String name) {
    return domains == null
        ? Optional.empty()
        : domains.stream().filter(d -> name.equals(d.getDomain())).findFirst();
  }

  /** A field this version does not know (from a newer CRD): ignored, and logged once. */
  @JsonAnySetter
  void ignoreUnknownField(String name, Object value) {
    UnknownFields.ignore("status", name);
  }
}
