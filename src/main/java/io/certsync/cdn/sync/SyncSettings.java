package io.certsync.cdn.sync;

import java.time.Duration;

/**
 * Timing: transient failures back off from {@code initialBackoff} doubling to {@code maxBackoff};
 * account and domain state failures are re-checked every {@code accountRecheck}; synced domains are
 * read back every {@code driftCheckInterval} (zero: never); a superseded certificate of a {@code
 * reclaimPolicy: Delete} binding stays in the store {@code reclaimGracePeriod} after it fell out of
 * use.
 */
public record SyncSettings(
    Duration initialBackoff,
    Duration maxBackoff,
    Duration accountRecheck,
    Duration driftCheckInterval,
    Duration reclaimGracePeriod) {

  public static final Duration DEFAULT_RECLAIM_GRACE_PERIOD = Duration.ofHours(24);

  public SyncSettings(
      Duration initialBackoff,
      Duration maxBackoff,
      Duration accountRecheck,
      Duration driftCheckInterval) {
    this(
        initialBackoff,
        maxBackoff,
        accountRecheck,
        driftCheckInterval,
        DEFAULT_RECLAIM_GRACE_PERIOD);
  }

  public static SyncSettings defaults() {
    return new SyncSettings(
        Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1));
  }

  public SyncSettings withDriftCheckInterval(Duration interval) {
    return new SyncSettings(
        initialBackoff, maxBackoff, accountRecheck, interval, reclaimGracePeriod);
  }

  public SyncSettings withReclaimGracePeriod(Duration grace) {
    return new SyncSettings(initialBackoff, maxBackoff, accountRecheck, driftCheckInterval, grace);
  }

  /** The delay before attempt {@code failures + 1}, with jitter in [50%, 100%] of the step. */
  public Duration backoff(int failures, double jitter) {
    long base = initialBackoff.toMillis();
    long step = failures <= 1 ? base : base << Math.min(failures - 1, 30);
    long capped = Math.min(step, maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(1, (long) (capped * (0.5 + 0.5 * jitter))));
  }
}
