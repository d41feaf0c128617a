package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When a failed call is tried again, decided once per failure. */
class RetryPolicyTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  @DisplayName("a transient failure backs off 1 s doubling to 5 min, jitter drawn once per failure")
  void transientBacksOffWithJitterDrawnOnce() {
    AtomicInteger draws = new AtomicInteger();
    RetryPolicy policy =
        new RetryPolicy(
            SyncSettings.defaults(),
            () -> {
              draws.incrementAndGet();
              return 1.0;
            });
    assertThat(policy.nextAttempt(ErrorClass.TRANSIENT, 1, NOW)).contains(NOW.plusSeconds(1));
    assertThat(policy.nextAttempt(ErrorClass.TRANSIENT, 2, NOW)).contains(NOW.plusSeconds(2));
    assertThat(policy.nextAttempt(ErrorClass.TRANSIENT, 5, NOW)).contains(NOW.plusSeconds(16));
    assertThat(policy.nextAttempt(ErrorClass.TRANSIENT, 40, NOW))
        .contains(NOW.plus(Duration.ofMinutes(5)));
    assertThat(draws).hasValue(4);
  }

  @Test
  @DisplayName("jitter keeps a step between half and all of it")
  void jitterKeepsHalfToAll() {
    RetryPolicy low = new RetryPolicy(SyncSettings.defaults(), () -> 0.0);
    assertThat(low.nextAttempt(ErrorClass.TRANSIENT, 3, NOW)).contains(NOW.plusSeconds(2));
  }

  @Test
  @DisplayName("account state is re-checked after 10 minutes, an input error waits for a change")
  void otherClasses() {
    RetryPolicy policy = new RetryPolicy(SyncSettings.defaults(), () -> 0.5);
    assertThat(policy.nextAttempt(ErrorClass.ACCOUNT_STATE, 3, NOW))
        .contains(NOW.plus(Duration.ofMinutes(10)));
    assertThat(policy.nextAttempt(ErrorClass.ALREADY_UPLOADED, 1, NOW))
        .contains(NOW.plus(Duration.ofMinutes(10)));
    assertThat(policy.nextAttempt(ErrorClass.FIX_INPUT, 1, NOW)).isEmpty();
  }
}
