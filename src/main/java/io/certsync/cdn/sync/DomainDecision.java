package io.certsync.cdn.sync;

import java.time.Instant;
import java.util.Optional;

/** What to do for one domain in this reconcile, decided without I/O by {@link DomainDecider}. */
sealed interface DomainDecision {

  /** It serves the certificate: nothing to call; look again at {@code nextCheck} (drift). */
  record Keep(Optional<Instant> nextCheck) implements DomainDecision {}

  /** It should serve the certificate and its drift check is due: read back what it serves. */
  record CheckDrift() implements DomainDecision {}

  /** It cannot be synced for a reason found before any call. */
  record Reject(String reason, String message) implements DomainDecision {}

  /** The last attempt failed and the next one is due at {@code until}: no call before then. */
  record Wait(Instant until) implements DomainDecision {}

  /** The last attempt failed on the input: nothing until the Secret or the binding changes. */
  record Hold() implements DomainDecision {}

  /** The binding is suspended: report what would be written, write nothing. */
  record Suspend() implements DomainDecision {}

  /** Read what it serves, and make it serve the certificate if it does not. */
  record Write() implements DomainDecision {}
}
