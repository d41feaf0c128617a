package io.certsync.cdn.sync;

import io.certsync.cdn.cloudapi.ErrorClass;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides, once per failure, when a failed call is tried again: transient errors back off with
 * jitter (drawn here, once), account and domain state is re-checked slowly, and input errors wait
 * for the Secret or the binding to change (empty).
 */
public final class RetryPolicy {

  private final SyncSettings settings;
  private final DoubleSupplier jitter;

  public RetryPolicy(SyncSettings settings, DoubleSupplier jitter) {
    this.settings = settings;
    this.jitter = jitter;
  }

  /** When attempt {@code failures + 1} is due, after a failure of this class at {@code now}. */
  public Optional<Instant> nextAttempt(ErrorClass errorClass, int failures, Instant now) {
    return switch (errorClass) {
      case TRANSIENT -> Optional.of(now.plus(settings.backoff(failures, jitter.getAsDouble())));
      case ACCOUNT_STATE, ALREADY_UPLOADED -> Optional.of(now.plus(settings.accountRecheck()));
      case FIX_INPUT -> Optional.empty();
    };
  }

  public SyncSettings settings() {
    return settings;
  }
}
