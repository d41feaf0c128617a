package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The paced limiter with a fake clock and a sleeper that moves it: no real time passes. */
class PacedRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Duration WINDOW = RateLimiters.DEFAULT_WINDOW;

  private final AtomicLong clock = new AtomicLong(5 * SECOND);

  private static long interval(int limit) {
    return (WINDOW.toNanos() + limit - 1) / limit;
  }

  private PacedRateLimiter limiter(int limit, Duration window) {
    return new PacedRateLimiter(limit, window, clock::get, clock::addAndGet);
  }

  private List<Long> departures(PacedRateLimiter limiter, int calls) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.add(limiter.acquire().departureNanos());
    }
    return out;
  }

  @Test
  @DisplayName("calls queued together leave evenly, one every window/limit, never in a burst")
  void evenSpacing() throws Exception {
    List<Long> d = departures(limiter(30, WINDOW), 100);
    long interval = interval(30);
    for (int i = 1; i < d.size(); i++) {
      assertThat(d.get(i) - d.get(i - 1)).isEqualTo(interval);
    }
  }

  @Test
  @DisplayName(
      "no window of the limiter's size holds more than the limit, and the pace is at least 0.97"
          + " of the limit")
  void windowAndPace() throws Exception {
    List<Long> d = departures(limiter(30, WINDOW), 600);
    for (int i = 30; i < d.size(); i++) {
      assertThat(d.get(i) - d.get(i - 30)).isGreaterThanOrEqualTo(WINDOW.toNanos());
    }
    double perSecond = (d.size() - 1) / ((d.get(d.size() - 1) - d.get(0)) / (double) SECOND);
    assertThat(perSecond / 30).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  @DisplayName(
      "a server counting a strict sliding second on arrival, with up to 20 ms of arrival jitter,"
          + " throttles none of 3,000 calls at 30/s; without the 25 ms margin it throttles some")
  void strictServerWithJitter() throws Exception {
    List<Long> paced = departures(limiter(30, WINDOW), 3000);
    assertThat(throttledByStrictServer(paced, 30, new Random(7))).isZero();

    clock.set(5 * SECOND);
    List<Long> unpadded = departures(limiter(30, Duration.ofSeconds(1)), 3000);
    assertThat(throttledByStrictServer(unpadded, 30, new Random(7))).isPositive();
  }

  /** What the emulator does: refuse an arrival when `limit` others arrived less than 1 s before. */
  private static int throttledByStrictServer(List<Long> departures, int limit, Random jitter) {
    List<Long> arrivals = new ArrayList<>();
    for (long d : departures) {
      arrivals.add(d + (long) (jitter.nextDouble() * TimeUnit.MILLISECONDS.toNanos(20)));
    }
    Collections.sort(arrivals);
    ArrayDeque<Long> admitted = new ArrayDeque<>();
    int throttled = 0;
    for (long a : arrivals) {
      while (!admitted.isEmpty() && a - admitted.peekFirst() >= SECOND) {
        admitted.removeFirst();
      }
      if (admitted.size() >= limit) {
        throttled++;
      } else {
        admitted.addLast(a);
      }
    }
    return throttled;
  }

  @Test
  @DisplayName("a caller after a quiet spell leaves at once, and the next one an interval later")
  void idleCallerDoesNotWait() throws Exception {
    PacedRateLimiter limiter = limiter(10, WINDOW);
    limiter.acquire();
    clock.addAndGet(10 * SECOND);
    PacedRateLimiter.Permit first = limiter.acquire();
    assertThat(first.waitedNanos()).isZero();
    assertThat(limiter.acquire().departureNanos() - first.departureNanos()).isEqualTo(interval(10));
  }

  @Test
  @DisplayName(
      "a Throttling answer halves the pace and pauses the line for one slower interval, then the"
          + " pace recovers to the limit within two seconds")
  void throttlingSlowsDownThenRecovers() throws Exception {
    PacedRateLimiter limiter = limiter(30, WINDOW);
    long interval = interval(30);
    PacedRateLimiter.Permit hit = limiter.acquire();
    limiter.throttled(hit);
    assertThat(limiter.currentShare()).isEqualTo(0.5);

    long slowedAt = clock.get();
    PacedRateLimiter.Permit next = limiter.acquire();
    assertThat(next.departureNanos() - slowedAt).isGreaterThanOrEqualTo(2 * interval);
    PacedRateLimiter.Permit after = limiter.acquire();
    assertThat(after.departureNanos() - next.departureNanos())
        .isBetween(2 * interval - interval / 5, 2 * interval);

    clock.set(slowedAt + 2 * SECOND);
    assertThat(limiter.currentShare()).isEqualTo(1.0);
    PacedRateLimiter.Permit a = limiter.acquire();
    PacedRateLimiter.Permit b = limiter.acquire();
    assertThat(b.departureNanos() - a.departureNanos()).isEqualTo(interval);
  }

  @Test
  @DisplayName(
      "Throttling answers to calls that left before the slowdown halve the pace once, not once"
          + " each")
  void oneBurstHalvesOnce() throws Exception {
    PacedRateLimiter limiter = limiter(30, WINDOW);
    List<PacedRateLimiter.Permit> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      burst.add(limiter.acquire());
    }
    burst.forEach(limiter::throttled);
    assertThat(limiter.currentShare()).isEqualTo(0.5);

    // a call sent at the slower pace and still throttled slows it down again
    limiter.throttled(limiter.acquire());
    assertThat(limiter.currentShare()).isLessThan(0.3);
  }

  @Test
  @DisplayName("repeated Throttling never slows the pace below a sixteenth of the limit")
  void floor() throws Exception {
    PacedRateLimiter limiter = limiter(30, WINDOW);
    limiter.acquire();
    for (int i = 0; i < 10; i++) {
      limiter.throttled(new PacedRateLimiter.Permit(clock.incrementAndGet(), 0));
    }
    assertThat(limiter.currentShare()).isEqualTo(PacedRateLimiter.MIN_SHARE);
  }

  @Test
  @DisplayName(
      "waiting callers leave in the order they came, and the first in line sleeps without"
          + " holding the lock")
  @Timeout(60)
  void fifoAndNoSleepUnderLock() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong fake = new AtomicLong();
    AtomicLong sleeps = new AtomicLong();
    PacedRateLimiter limiter =
        new PacedRateLimiter(
            10,
            WINDOW,
            fake::get,
            nanos -> {
              if (sleeps.getAndIncrement() == 0) {
                release.await();
              }
              fake.addAndGet(nanos);
            });
    limiter.acquire(); // the next caller must sleep for its slot
    long[] departedAt = new long[8];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int id = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  departedAt[id] = limiter.acquire().departureNanos();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      threads.add(t);
      t.start();
      while (i == 0 && sleeps.get() == 0) {
        Thread.onSpinWait();
      }
      // joining the line takes the lock: it would block here if the first sleeper held it
      int expected = i + 1;
      while (limiter.waiting() < expected) {
        Thread.onSpinWait();
      }
    }
    assertThat(sleeps.get()).isEqualTo(1);
    limiter.throttled(new PacedRateLimiter.Permit(fake.get(), 0)); // takes the lock too
    release.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    for (int i = 1; i < departedAt.length; i++) {
      assertThat(departedAt[i])
          .as("caller %d leaves after caller %d", i, i - 1)
          .isGreaterThan(departedAt[i - 1]);
    }
  }

  @Test
  @DisplayName(
      "a wait that ends in an unexpected exception leaves the line, so the next caller goes")
  void aFailedWaitLeavesTheLine() throws Exception {
    AtomicLong failures = new AtomicLong(1);
    PacedRateLimiter limiter =
        new PacedRateLimiter(
            2,
            WINDOW,
            clock::get,
            nanos -> {
              if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("clock gone");
              }
              clock.addAndGet(nanos);
            });
    limiter.acquire(); // departs at once
    assertThatThrownBy(limiter::acquire).isInstanceOf(IllegalStateException.class);
    assertThat(limiter.acquire().departureNanos())
        .as("not blocked behind the failed caller")
        .isPositive();
  }
}
