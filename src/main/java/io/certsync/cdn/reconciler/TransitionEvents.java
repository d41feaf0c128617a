package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.PendingReclaim;
import io.certsync.cdn.sync.SyncReport;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Events of one reconcile, recorded once its status write landed: one per write to a domain,
 * per reclaimed certificate, per new reclaim error, and per transition of Ready, never one per
 * reconcile.
 */
final class TransitionEvents {

  private final EventPublisher events;

  TransitionEvents(EventPublisher events) {
    this.events = events;
  }

  void record(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      CdnCertificateBindingStatus status,
      SyncReport report) {
    for (SyncReport.Deployment d : report.deployments()) {
      events.publish(
          binding,
          "Normal",
          d.driftCorrected() ? "DriftCorrected" : "CertificateDeployed",
          (d.driftCorrected() ? "The CDN served another certificate; set " : "Set ")
              + d.domain()
              + " to "
              + d.fingerprint()
              + (d.uploaded() ? " as " + d.certName() : " by its store id, as " + d.certName())
              + " (RequestId "
              + d.requestId()
              + ")");
    }
    for (SyncReport.Reclaimed r : report.reclaimed()) {
      events.publish(
          binding,
          "Normal",
          "CertificateReclaimed",
          "Deleted superseded certificate "
              + r.certId()
              + " ("
              + r.fingerprint()
              + ") from the store");
    }
    for (PendingReclaim r : report.reclaims()) {
      boolean newError =
          r.getErrorCode() != null
              && (previous.getReclaims() == null
                  || previous.getReclaims().stream()
                      .noneMatch(
                          p ->
                              Objects.equals(p.getCertId(), r.getCertId())
                                  && Objects.equals(p.getErrorCode(), r.getErrorCode())));
      if (newError) {
        events.publish(
            binding,
            "Warning",
            "ReclaimFailed",
            "Cannot reclaim certificate " + r.getCertId() + ": " + r.getMessage());
      }
    }
    Condition before = previous.readyCondition().orElse(null);
    Condition after = status.readyCondition().orElseThrow();
    boolean transition =
        before == null
            || !Objects.equals(before.getStatus(), after.getStatus())
            || !Objects.equals(before.getReason(), after.getReason());
    if (transition) {
      events.publish(
          binding,
          "True".equals(after.getStatus()) ? "Normal" : "Warning",
          after.getReason(),
          after.getMessage());
    }
  }

  /** The write attempts of this reconcile: deployments, and writes the API refused. */
  static List<BindingObserver.Push> pushes(SyncReport report) {
    List<BindingObserver.Push> pushes = new ArrayList<>();
    for (SyncReport.Deployment d : report.deployments()) {
      pushes.add(
          new BindingObserver.Push(
              d.domain(), d.driftCorrected() ? "drift_corrected" : "deployed"));
    }
    report
        .refusedWrites()
        .forEach(r -> pushes.add(new BindingObserver.Push(r.domain(), r.errorCode())));
    return pushes;
  }
}
