package io.certsync.cdn.reconciler;

import io.certsync.cdn.certificate.CertificateInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one sync found and did: the Secret's certificate facts, a blocker that stopped everything
 * before any call (with its reason and message), the per-domain outcomes, and the pushes made.
 */
record SyncReport(
    Optional<CertificateInfo> certificate,
    Optional<Blocker> blocker,
    List<DomainOutcome> domains,
    List<Deployment> deployments,
    List<BindingObserver.Push> failedPushes,
    Optional<Instant> recheckAt) {

  /** A failure that applies to the whole binding. */
  record Blocker(String reason, String message) {}

  /** A successful push of the certificate to a domain. */
  record Deployment(
      String domain,
      String fingerprint,
      String certName,
      String requestId,
      boolean driftCorrected) {}

  /** The earliest time any part of the binding needs another look. */
  Optional<Instant> nextCheck() {
    Optional<Instant> earliest = recheckAt;
    for (DomainOutcome d : domains) {
      if (d.dueAt().isPresent()
          && (earliest.isEmpty() || d.dueAt().get().isBefore(earliest.get()))) {
        earliest = d.dueAt();
      }
    }
    return earliest;
  }
}
