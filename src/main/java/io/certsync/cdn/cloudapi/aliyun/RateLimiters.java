package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.CdnAction;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One paced limiter per (account, action), shared by every binding and every key of the process:
 * Alibaba counts each limit per main account and API, whichever AccessKey or role calls.
 *
 * <p>Each limiter spaces calls over a window of one second plus {@link #DEFAULT_MARGIN}. The server
 * counts calls when they arrive, in what we take to be a strict sliding second; a call can arrive
 * later than it left (a busier connection, a retransmit, the caller's thread waking a few
 * milliseconds late), so {@code limit + 1} calls sent exactly one second apart could arrive less
 * than a second apart and draw {@code Throttling}. 25 ms absorbs that jitter between a call and the
 * one {@code limit} calls later, and still paces at 1 / 1.025 = 0.976 of the limit.
 */
public final class RateLimiters {

  static final Duration DEFAULT_MARGIN = Duration.ofMillis(25);
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1).plus(DEFAULT_MARGIN);

  /** Which budget a call draws from: the main account (or its stand-in) and the action. */
  public record Key(String account, CdnAction action) {
    public Key {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(action, "action");
    }
  }

  private final Duration window;
  private final ConcurrentMap<Key, PacedRateLimiter> limiters = new ConcurrentHashMap<>();

  public RateLimiters() {
    this(DEFAULT_WINDOW);
  }

  public RateLimiters(Duration window) {
    this.window = window;
  }

  public PacedRateLimiter forCall(Key key) {
    return limiters.computeIfAbsent(
        key, k -> new PacedRateLimiter(k.action().callsPerSecond(), window));
  }
}
