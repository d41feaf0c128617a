package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

  @Test
  @DisplayName(
      "a burst of 100 calls at 30/s never puts more than 30 starts in any one-second window")
  void burstStaysUnderLimit() throws Exception {
    AtomicLong clock = new AtomicLong();
    SlidingWindowRateLimiter limiter =
        new SlidingWindowRateLimiter(30, Duration.ofSeconds(1), clock::get, nanos -> {});
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long waited = limiter.acquire();
      starts.add(clock.get() + waited);
    }
    for (int i = 30; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - 30)).isGreaterThanOrEqualTo(1_000_000_000L);
    }
    assertThat(starts.get(99)).isEqualTo(3_000_000_000L); // exactly at the limit, no slack
  }

  @Test
  @DisplayName("calls spaced out by the caller never wait")
  void spacedCallsDoNotWait() throws Exception {
    AtomicLong clock = new AtomicLong();
    SlidingWindowRateLimiter limiter =
        new SlidingWindowRateLimiter(10, Duration.ofSeconds(1), clock::get, nanos -> {});
    for (int i = 0; i < 50; i++) {
      assertThat(limiter.acquire()).isZero();
      clock.addAndGet(100_000_000L);
    }
  }
}
