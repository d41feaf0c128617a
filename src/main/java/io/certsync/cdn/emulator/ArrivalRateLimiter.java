package io.certsync.cdn.emulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts calls per (main account, action) as they arrive and refuses the one that would make more
 * than the limit in the last second: the strict reading of the documented per-account limits,
 * shared by every key and role of the account.
 */
final class ArrivalRateLimiter {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  /** What a limit counts: one API of one main account. */
  private record Counted(String accountId, String action) {}

  private final Map<Counted, ArrayDeque<Long>> arrivals = new HashMap<>();

  synchronized boolean admit(String accountId, String action, int limit, long nowNanos) {
    ArrayDeque<Long> times =
        arrivals.computeIfAbsent(new Counted(accountId, action), k -> new ArrayDeque<>());
    while (!times.isEmpty() && nowNanos - times.peekFirst() >= WINDOW_NANOS) {
      times.removeFirst();
    }
    if (times.size() >= limit) {
      return false;
    }
    times.addLast(nowNanos);
    return true;
  }
}
