package io.certsync.cdn.cloudapi.aliyun;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Paces calls evenly, one every {@code window / limit}, so that no window of {@code window} ever
 * holds more than {@code limit} departures, and slows down when the server answers {@code
 * Throttling}: the rate halves, then recovers linearly. Callers are served in arrival order; only
 * the first in line sleeps, and never while holding the lock.
 */
public final class PacedRateLimiter {

  /** Sleeps for the given nanoseconds; tests pass a fake that moves a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** A granted departure: when it was scheduled, and how long its caller waited for it. */
  public record Permit(long departureNanos, long waitedNanos) {}

  /** The lowest share of the limit a run of Throttling answers can push the pace down to. */
  static final double MIN_SHARE = 1.0 / 16;

  /**
   * How fast the pace recovers after a slowdown: this share of the limit per second, so a halved
   * pace is whole again after two seconds. A lone Throttling answer (an unlucky arrival) then costs
   * about half a second of calls; a competitor that keeps the account busy keeps the pace halved.
   */
  static final double RECOVERY_PER_SECOND = 0.25;

  /**
   * How late the first in line may wake and still depart on its schedule. Waking a little late is
   * normal (timer slack, a busy core); letting that lateness push every later slot back would lose
   * a few percent of the rate. Beyond it the line was idle and the schedule restarts now.
   */
  static final long ON_TIME_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final int limit;
  private final long windowNanos;
  private final long baseIntervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private final ArrayDeque<Condition> line = new ArrayDeque<>();
  private final long[] recent; // the last `limit` departures, a ring
  private int recentCount;
  private int recentNext;
  private boolean departedBefore;
  private long lastDeparture;
  private double shareAtSlowdown = 1.0;
  private long slowedAt;
  private boolean slowed;
  private long pausedUntil = Long.MIN_VALUE;

  public PacedRateLimiter(int limit, Duration window) {
    this(limit, window, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public PacedRateLimiter(int limit, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
    // rounded up, so that `limit` intervals never add up to less than the window
    this.baseIntervalNanos = Math.max(1, (windowNanos + limit - 1) / limit);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.recent = new long[limit];
  }

  /** Blocks until the caller may start its call. */
  public Permit acquire() throws InterruptedException {
    long arrived = nanoTime.getAsLong();
    Condition turn = lock.newCondition();
    lock.lock();
    try {
      line.addLast(turn);
      while (line.peekFirst() != turn) {
        turn.await();
      }
    } catch (InterruptedException e) {
      leave(turn);
      throw e;
    } finally {
      lock.unlock();
    }
    // first in line: sleep until the slot, outside the lock, and look again on waking, since a
    // Throttling answer meanwhile may have moved the slot later
    try {
      while (true) {
        long now = nanoTime.getAsLong();
        long slot;
        lock.lock();
        try {
          slot = nextSlot(now);
          if (slot <= now) {
            long departure = now - slot <= ON_TIME_TOLERANCE_NANOS ? slot : now;
            depart(departure);
            leave(turn);
            return new Permit(departure, Math.max(0, now - arrived));
          }
        } finally {
          lock.unlock();
        }
        sleeper.sleepNanos(slot - now);
      }
    } catch (InterruptedException | RuntimeException e) {
      // whatever ends the wait, the line must move on: a head that never leaves blocks everyone
      lock.lock();
      try {
        leave(turn);
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  /**
   * The server answered Throttling to the call of this permit: halve the pace (once per burst:
   * calls that left before the last slowdown do not halve it again) and pause the line for one new
   * interval, then recover gradually.
   */
  public void throttled(Permit permit) {
    long now = nanoTime.getAsLong();
    lock.lock();
    try {
      if (slowed && permit.departureNanos() <= slowedAt) {
        return;
      }
      shareAtSlowdown = Math.max(MIN_SHARE, shareAt(now) / 2);
      slowedAt = now;
      slowed = true;
      pausedUntil = now + intervalAt(now);
    } finally {
      lock.unlock();
    }
  }

  /** The share of the limit the pace runs at now: 1 unless Throttling slowed it down. */
  public double currentShare() {
    lock.lock();
    try {
      return shareAt(nanoTime.getAsLong());
    } finally {
      lock.unlock();
    }
  }

  /** Callers in line, the one about to leave included. */
  int waiting() {
    lock.lock();
    try {
      return line.size();
    } finally {
      lock.unlock();
    }
  }

  private long nextSlot(long now) {
    if (!departedBefore) {
      return Math.max(now, pausedUntil);
    }
    long slot = lastDeparture + intervalAt(now);
    if (recentCount == limit) {
      // the oldest of the last `limit` departures must be a full window back; even spacing keeps
      // this true already, the check makes the limit hold whatever the pace arithmetic does
      slot = Math.max(slot, recent[recentNext] + windowNanos);
    }
    return Math.max(slot, pausedUntil);
  }

  private void depart(long departure) {
    departedBefore = true;
    lastDeparture = departure;
    recent[recentNext] = departure;
    recentNext = (recentNext + 1) % limit;
    recentCount = Math.min(recentCount + 1, limit);
  }

  private void leave(Condition turn) {
    boolean wasFirst = line.peekFirst() == turn;
    line.remove(turn);
    Condition next = line.peekFirst();
    if (wasFirst && next != null) {
      next.signal();
    }
  }

  private double shareAt(long now) {
    if (!slowed) {
      return 1.0;
    }
    double recovered = RECOVERY_PER_SECOND * (now - slowedAt) / 1e9;
    return Math.min(1.0, shareAtSlowdown + recovered);
  }

  private long intervalAt(long now) {
    return (long) Math.ceil(baseIntervalNanos / shareAt(now));
  }
}
