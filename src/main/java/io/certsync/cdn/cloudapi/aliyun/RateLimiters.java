package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.CdnAction;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One limiter per (AccessKeyId, action), shared by every binding of the process, at the documented
 * per-account limits. The window is one second plus a margin: the server counts calls when they
 * arrive, and a call may reach it a little later than it left, so without the margin the 31st call
 * of a burst could land inside the server's window of the first.
 */
public final class RateLimiters {

  static final Duration DEFAULT_WINDOW = Duration.ofMillis(1050);

  private final Duration window;
  private final ConcurrentMap<String, SlidingWindowRateLimiter> limiters =
      new ConcurrentHashMap<>();

  public RateLimiters() {
    this(DEFAULT_WINDOW);
  }

  public RateLimiters(Duration window) {
    this.window = window;
  }

  public SlidingWindowRateLimiter forCall(String accessKeyId, CdnAction action) {
    return limiters.computeIfAbsent(
        accessKeyId + "\u0000" + action.name(),
        k -> new SlidingWindowRateLimiter(action.callsPerSecond(), window));
  }
}
