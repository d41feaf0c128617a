package io.certsync.cdn.cloudapi.aliyun;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code limit} calls start in any window of {@code window}: each caller reserves the
 * earliest slot that keeps the last {@code limit} reservations within the window, then sleeps until
 * it. Reservations are made in order under a lock and slept outside it, so callers queue fairly and
 * a burst runs at exactly the limit.
 */
public final class SlidingWindowRateLimiter {

  /** Sleeps for the given nanoseconds; tests pass a fake. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ArrayDeque<Long> reservations = new ArrayDeque<>();

  public SlidingWindowRateLimiter(int limit, Duration window) {
    this(limit, window, System::nanoTime, n -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(n));
  }

  public SlidingWindowRateLimiter(
      int limit, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Blocks until the caller may start a call; returns the nanoseconds it waited. */
  public long acquire() throws InterruptedException {
    long now = nanoTime.getAsLong();
    long slot;
    synchronized (reservations) {
      slot =
          reservations.size() < limit ? now : Math.max(now, reservations.peekFirst() + windowNanos);
      reservations.addLast(slot);
      if (reservations.size() > limit) {
        reservations.removeFirst();
      }
    }
    long wait = slot - now;
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
    return Math.max(wait, 0);
  }

  public int limit() {
    return limit;
  }
}
