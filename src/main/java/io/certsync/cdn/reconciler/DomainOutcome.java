package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.DomainStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One domain after a sync: its new status entry, the condition reason when it is not synced, a
 * human summary of the failure, and when it should be looked at again.
 */
record DomainOutcome(DomainStatus status, String reason, String summary, Optional<Instant> dueAt) {

  static DomainOutcome synced(DomainStatus status) {
    return new DomainOutcome(status, Reasons.SYNCED, null, Optional.empty());
  }

  /** Synced, with the time of the next drift check. */
  static DomainOutcome synced(DomainStatus status, Optional<Instant> nextCheck) {
    return new DomainOutcome(status, Reasons.SYNCED, null, nextCheck);
  }
}
