package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.CertificateFacts;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.cloudapi.ApiError;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * All of a binding's status and its messages, in one place and purely: from a sync report, or for
 * the unexpected. The Ready condition keeps its lastTransitionTime unless its status changes; a
 * domain's message is rendered from what its status entry recorded, so an unchanged domain renders
 * an unchanged message.
 */
public final class StatusRenderer {

  private static final int MAX_MESSAGE = 1024;

  private StatusRenderer() {}

  public static CdnCertificateBindingStatus initial(
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
  public static CdnCertificateBindingStatus deleting(
      CdnCertificateBindingStatus previous,
      HttpsDisabler.Result result,
      long generation,
      Instant now) {
    CdnCertificateBindingStatus status = copyOf(previous, generation);
    status.setDomains(result.domains());
    status.setConditions(
        List.of(
            ready(
                previous, "False", result.reason(), truncate(result.message()), generation, now)));
    return status;
  }

  /** An unexpected failure: status keeps what it had, Ready says what went wrong. */
  public static CdnCertificateBindingStatus error(
      CdnCertificateBindingStatus previous, Exception e, long generation, Instant now) {
    CdnCertificateBindingStatus status = copyOf(previous, generation);
    // the framework wraps what failed; name the innermost cause, never its message (it may quote
    // a request)
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String what = cause.getClass().getSimpleName();
    status.setConditions(
        List.of(
            ready(
                previous,
                "False",
                Reasons.RECONCILE_ERROR,
                "unexpected "
                    + what
                    + " while reconciling; retried with backoff (see the operator log)",
                generation,
                now)));
    return status;
  }

  public static CdnCertificateBindingStatus build(
      CdnCertificateBindingStatus previous, SyncReport report, long generation, Instant now) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status.setObservedGeneration(generation);
    status.setCertificate(
        report.certificate().map(c -> facts(c, report.certId().orElse(null))).orElse(null));
    List<DomainStatus> domains = report.domains().stream().map(DomainOutcome::status).toList();
    status.setDomains(domains);
    long synced = domains.stream().filter(d -> d.getState() == DomainState.Synced).count();
    status.setSyncedDomains(synced + "/" + domains.size());
    status.setReclaims(report.reclaims().isEmpty() ? null : report.reclaims());

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
        if (d.status().getState() != DomainState.Synced) {
          m.append("; ").append(summary(d.status()));
        }
      }
      message = m.toString();
    }
    status.setConditions(
        List.of(ready(previous, conditionStatus, reason, truncate(message), generation, now)));
    return status;
  }

  /** One failing domain, from its status entry alone. */
  static String summary(DomainStatus d) {
    StringBuilder s = new StringBuilder(d.getDomain()).append(": ");
    if (d.getErrorCode() == null) {
      return s.append(d.getMessage() == null ? "pending" : d.getMessage()).toString();
    }
    s.append(new ApiError(d.getErrorCode(), d.getMessage(), d.getRequestId(), 0).describe());
    ErrorHints.forCode(d.getErrorCode()).ifPresent(h -> s.append(" (").append(h).append(')'));
    if (d.getNextAttemptTime() != null) {
      s.append("; next attempt at ")
          .append(Timestamps.format(Instant.parse(d.getNextAttemptTime())));
    } else if (d.getErrorClass() != null) {
      s.append("; not retried until the Secret or the binding changes");
    }
    return s.toString();
  }

  private static CdnCertificateBindingStatus copyOf(
      CdnCertificateBindingStatus previous, long generation) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status.setObservedGeneration(generation);
    if (previous != null) {
      status.setCertificate(previous.getCertificate());
      status.setDomains(previous.getDomains());
      status.setSyncedDomains(previous.getSyncedDomains());
      status.setReclaims(previous.getReclaims());
    }
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
            .orElse(Timestamps.format(now));
    return new ConditionBuilder()
        .withType(CdnCertificateBindingStatus.READY)
        .withStatus(conditionStatus)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  private static CertificateFacts facts(CertificateInfo info, String certId) {
    CertificateFacts facts =
        new CertificateFacts(
            info.fingerprint(),
            info.serialNumber(),
            info.notBefore() == null ? null : Timestamps.format(info.notBefore()),
            info.notAfter() == null ? null : Timestamps.format(info.notAfter()),
            info.dnsNames());
    facts.setCertId(certId);
    return facts;
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
