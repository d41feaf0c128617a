package io.certsync.cdn.reconciler;

import java.time.Duration;

/**
 * Timing: transient failures back off from {@code initialBackoff} doubling to {@code maxBackoff};
 * account and domain state failures are re-checked every {@code accountRecheck}; synced domains are
 * read back every {@code driftCheckInterval} (zero: never).
 */
public record SyncSettings(
    Duration initialBackoff,
    Duration maxBackoff,
    Duration accountRecheck,
    Duration driftCheckInterval) {

  public static SyncSettings defaults() {
    return new SyncSettings(
        Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1));
  }

  public SyncSettings withDriftCheckInterval(Duration interval) {
    return new SyncSettings(initialBackoff, maxBackoff, accountRecheck, interval);
  }

  /** The delay before attempt {@code failures + 1}, with jitter in [50%, 100%] of the step. */
  public Duration backoff(int failures, double jitter) {
    long base = initialBackoff.toMillis();
    long step = failures <= 1 ? base : base << Math.min(failures - 1, 30);
    long capped = Math.min(step, maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(1, (long) (capped * (0.5 + 0.5 * jitter))));
  }
}
