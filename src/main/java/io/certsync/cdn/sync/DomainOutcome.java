package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.DomainStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One domain after a sync: its new status entry, the condition reason when it is not synced, and
 * when it should be looked at again. Its message is rendered from the status entry alone.
 */
record DomainOutcome(DomainStatus status, String reason, Optional<Instant> dueAt) {

  /** Synced, with the time of the next drift check. */
  static DomainOutcome synced(DomainStatus status, Optional<Instant> nextCheck) {
    return new DomainOutcome(status, Reasons.SYNCED, nextCheck);
  }
}
