package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.PendingReclaim;
import io.certsync.cdn.certificate.CertificateInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one sync found and did: the certificate's facts and store id, a blocker that stopped
 * everything before any call, the per-domain outcomes, the writes made or refused, and the pending
 * reclaims of superseded certificates.
 */
public record SyncReport(
    Optional<CertificateInfo> certificate,
    Optional<String> certId,
    Optional<Blocker> blocker,
    List<DomainOutcome> domains,
    List<Deployment> deployments,
    List<RefusedWrite> refusedWrites,
    List<PendingReclaim> reclaims,
    List<Reclaimed> reclaimed,
    Optional<Instant> recheckAt) {

  /** A failure that applies to the whole binding. */
  public record Blocker(String reason, String message) {}

  /** A successful write to a domain: an upload, or a binding by store id. */
  public record Deployment(
      String domain,
      String fingerprint,
      String certName,
      String requestId,
      boolean uploaded,
      boolean driftCorrected) {}

  /** A write the API refused, by its error code. */
  public record RefusedWrite(String domain, String errorCode) {}

  /** A superseded certificate deleted from the store. */
  public record Reclaimed(String certId, String fingerprint) {}

  /** The earliest time any part of the binding needs another look. */
  public Optional<Instant> nextCheck() {
    Optional<Instant> earliest = recheckAt;
    for (DomainOutcome d : domains) {
      earliest = earliest(earliest, d.dueAt());
    }
    for (PendingReclaim r : reclaims) {
      earliest = earliest(earliest, Optional.ofNullable(r.getNextCheckTime()).map(Instant::parse));
    }
    return earliest;
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isBefore(a.get()) ? b : a;
  }
}
