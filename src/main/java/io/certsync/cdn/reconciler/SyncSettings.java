package io.certsync.cdn.reconciler;

import java.time.Duration;

/**
 * Timing of retries: transient failures back off from {@code initialBackoff} doubling to {@code
 * maxBackoff}; account and domain state failures are re-checked every {@code accountRecheck}.
 */
public record SyncSettings(Duration initialBackoff, Duration maxBackoff, Duration accountRecheck) {

  public static SyncSettings defaults() {
    return new SyncSettings(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** The delay before attempt {@code failures + 1}, with jitter in [50%, 100%] of the step. */
  public Duration backoff(int failures, double jitter) {
    long base = initialBackoff.toMillis();
    long step = failures <= 1 ? base : base << Math.min(failures - 1, 30);
    long capped = Math.min(step, maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(1, (long) (capped * (0.5 + 0.5 * jitter))));
  }
}
