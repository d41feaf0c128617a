package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.CertificateFacts;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a sync report into the binding's status, purely: the Ready condition keeps its
 * lastTransitionTime unless its status changes.
 */
final class StatusBuilder {

  private static final int MAX_MESSAGE = 1024;

  private StatusBuilder() {}

  static CdnCertificateBindingStatus initial(
      CdnCertificateBindingStatus previous, long generation, Instant now) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status.setObservedGeneration(generation);
    status.setConditions(
        List.of(
            ready(
                previous,
                "Unknown",
                Reasons.RECONCILING,
                "first reconciliation in progress",
                generation,
                now)));
    return status;
  }

  /** While a Disable binding is being deleted and some domain still has HTTPS on. */
  static CdnCertificateBindingStatus deleting(
      CdnCertificateBindingStatus previous,
      HttpsDisabler.Result result,
      long generation,
      Instant now) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status.setObservedGeneration(generation);
    status.setCertificate(previous == null ? null : previous.getCertificate());
    status.setDomains(result.domains());
    status.setSyncedDomains(previous == null ? null : previous.getSyncedDomains());
    status.setConditions(
        List.of(
            ready(
                previous, "False", result.reason(), truncate(result.message()), generation, now)));
    return status;
  }

  static CdnCertificateBindingStatus build(
      CdnCertificateBindingStatus previous, SyncReport report, long generation, Instant now) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status.setObservedGeneration(generation);
    status.setCertificate(report.certificate().map(StatusBuilder::facts).orElse(null));
    List<DomainStatus> domains = report.domains().stream().map(DomainOutcome::status).toList();
    status.setDomains(domains);
    long synced = domains.stream().filter(d -> d.getState() == DomainState.Synced).count();
    status.setSyncedDomains(synced + "/" + domains.size());

    String conditionStatus;
    String reason;
    String message;
    Optional<DomainOutcome> firstFailing =
        report.domains().stream()
            .filter(d -> d.status().getState() != DomainState.Synced)
            .findFirst();
    if (report.blocker().isPresent()) {
      conditionStatus = "False";
      reason = report.blocker().get().reason();
      message = report.blocker().get().message();
    } else if (firstFailing.isEmpty()) {
      conditionStatus = "True";
      reason = Reasons.SYNCED;
      message =
          domains.size()
              + "/"
              + domains.size()
              + " domains serve "
              + report.certificate().map(CertificateInfo::fingerprint).orElse("?")
              + report.certificate().map(c -> " (expires " + c.notAfter() + ")").orElse("");
    } else {
      conditionStatus = "False";
      reason = firstFailing.get().reason();
      StringBuilder m = new StringBuilder();
      m.append(synced).append('/').append(domains.size()).append(" domains synced");
      for (DomainOutcome d : report.domains()) {
        if (d.status().getState() != DomainState.Synced && d.summary() != null) {
          m.append("; ").append(d.summary());
        }
      }
      message = m.toString();
    }
    status.setConditions(
        List.of(ready(previous, conditionStatus, reason, truncate(message), generation, now)));
    return status;
  }

  private static Condition ready(
      CdnCertificateBindingStatus previous,
      String conditionStatus,
      String reason,
      String message,
      long generation,
      Instant now) {
    Optional<Condition> before = previous == null ? Optional.empty() : previous.readyCondition();
    String transition =
        before
            .filter(c -> conditionStatus.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(BindingSynchronizer.timestamp(now));
    return new ConditionBuilder()
        .withType(CdnCertificateBindingStatus.READY)
        .withStatus(conditionStatus)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  private static CertificateFacts facts(CertificateInfo info) {
    return new CertificateFacts(
        info.fingerprint(),
        info.serialNumber(),
        BindingSynchronizer.timestamp(info.notBefore()),
        BindingSynchronizer.timestamp(info.notAfter()),
        info.dnsNames());
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
