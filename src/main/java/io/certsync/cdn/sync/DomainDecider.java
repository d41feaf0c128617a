package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The per-domain decision, a pure function of what the binding wants, what status recorded at the
 * last attempt (including the retry time decided then) and the time. It never re-classifies a
 * stored error and never draws jitter: those were decided once, at the failure.
 */
final class DomainDecider {

  /** What the decision depends on besides the domain's own status. */
  record Context(
      DesiredCertificate desired,
      boolean inputsChanged,
      boolean suspended,
      Instant now,
      Duration driftCheckInterval) {}

  private DomainDecider() {}

  static DomainDecision decide(
      DomainStatus before, Optional<DomainDecision.Reject> problem, Context context) {
    if (problem.isPresent()) {
      return problem.get();
    }
    if (before != null && context.desired().recordedIn(before)) {
      if (before.getState() == DomainState.Synced) {
        Optional<Instant> drift = nextReadBack(before, context.driftCheckInterval());
        if (drift.isEmpty() || drift.get().isAfter(context.now())) {
          return new DomainDecision.Keep(drift);
        }
        if (context.suspended()) {
          // due, but reads wait for the unsuspend: no time to come back at (it is past)
          return new DomainDecision.Keep(Optional.empty());
        }
        return new DomainDecision.CheckDrift();
      }
      if (before.getErrorClass() == null) {
        // set before, then held back by something binding-wide (a Secret broken and mended)
        return new DomainDecision.Keep(driftCheckAt(before, context.driftCheckInterval()));
      }
    }
    if (before != null && before.getErrorClass() != null && !context.inputsChanged()) {
      if (before.getNextAttemptTime() == null) {
        return new DomainDecision.Hold();
      }
      Instant due = Instant.parse(before.getNextAttemptTime());
      if (due.isAfter(context.now())) {
        return new DomainDecision.Wait(due);
      }
    }
    if (context.suspended()) {
      return new DomainDecision.Suspend();
    }
    return new DomainDecision.Write();
  }

  /**
   * When a synced domain is next read back: the retry decided when the last read-back failed, else
   * the drift check.
   */
  static Optional<Instant> nextReadBack(DomainStatus status, Duration interval) {
    return status.getNextAttemptTime() != null
        ? Optional.of(Instant.parse(status.getNextAttemptTime()))
        : driftCheckAt(status, interval);
  }

  /** When a synced domain is next read back: spread by domain name over +-10% of the interval. */
  static Optional<Instant> driftCheckAt(DomainStatus status, Duration interval) {
    if (interval.isZero() || interval.isNegative() || status.getLastSyncTime() == null) {
      return Optional.empty();
    }
    Instant base = Instant.parse(status.getLastSyncTime());
    if (status.getLastCheckTime() != null
        && Instant.parse(status.getLastCheckTime()).isAfter(base)) {
      base = Instant.parse(status.getLastCheckTime());
    }
    double spread = 0.9 + 0.2 * ((status.getDomain().hashCode() & 0xffff) / 65535.0);
    return Optional.of(base.plusMillis((long) (interval.toMillis() * spread)));
  }
}
