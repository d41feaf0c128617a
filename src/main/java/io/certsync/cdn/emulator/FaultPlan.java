package io.certsync.cdn.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults a test asked for: errors and raw answers per domain, errors after a write is applied,
 * a share of 503 answers, and late answers. Thread-safe.
 */
final class FaultPlan {

  /** An error answer forced on every call for a domain. */
  record ForcedError(String code, int status, String message) {}

  /** A raw answer (not JSON, empty...) forced on every call for a domain. */
  record RawAnswer(int status, String body) {}

  private final Map<String, ForcedError> forcedErrors = new ConcurrentHashMap<>();
  private final Map<String, RawAnswer> rawAnswers = new ConcurrentHashMap<>();
  private final Map<String, String> errorsAfterApplying = new ConcurrentHashMap<>();
  // domains whose next write arms a 503 for the read that follows it; domains so armed
  private final Set<String> readLostAfterWrite = ConcurrentHashMap.newKeySet();
  private final Set<String> readArmed = ConcurrentHashMap.newKeySet();
  private final Set<String> deniedActions = ConcurrentHashMap.newKeySet();
  private final Random random;
  private volatile double failRate;
  private volatile Duration latency;
  private volatile Duration writeLatency = Duration.ZERO;

  FaultPlan(long seed, double failRate, Duration latency) {
    this.random = new Random(seed);
    this.failRate = failRate;
    this.latency = latency;
  }

  void forceError(String domain, ForcedError error) {
    if (error == null) {
      forcedErrors.remove(domain);
    } else {
      forcedErrors.put(domain, error);
    }
  }

  Optional<ForcedError> forcedError(String domain) {
    return Optional.ofNullable(domain == null ? null : forcedErrors.get(domain));
  }

  void rawAnswer(String domain, RawAnswer answer) {
    if (answer == null) {
      rawAnswers.remove(domain);
    } else {
      rawAnswers.put(domain, answer);
    }
  }

  Optional<RawAnswer> rawAnswer(String domain) {
    return Optional.ofNullable(domain == null ? null : rawAnswers.get(domain));
  }

  void errorAfterApplying(String domain, String code) {
    errorsAfterApplying.put(domain, code);
  }

  /** The error to answer after applying a write to the domain, once. */
  Optional<String> takeErrorAfterApplying(String domain) {
    return Optional.ofNullable(domain == null ? null : errorsAfterApplying.remove(domain));
  }

  void loseReadAfterWrite(String domain) {
    readLostAfterWrite.add(domain);
  }

  /** A write to the domain was applied: the read after it fails, if a test asked for that. */
  void written(String domain) {
    if (domain != null && readLostAfterWrite.remove(domain)) {
      readArmed.add(domain);
    }
  }

  /** Whether this read of the domain is the one to fail, once. */
  boolean takeLostRead(String domain) {
    return domain != null && readArmed.remove(domain);
  }

  void deny(String action, boolean denied) {
    if (denied) {
      deniedActions.add(action);
    } else {
      deniedActions.remove(action);
    }
  }

  boolean denied(String action) {
    return deniedActions.contains(action);
  }

  void failRate(double rate) {
    this.failRate = rate;
  }

  /** Whether this call draws a 503. */
  boolean fails() {
    double rate = failRate;
    if (rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }

  void latency(Duration latency) {
    this.latency = latency;
  }

  void writeLatency(Duration latency) {
    this.writeLatency = latency;
  }

  /** How late to answer: writes may have their own latency, to lose answers after applying. */
  Duration delay(boolean write) {
    Duration w = writeLatency;
    return write && !w.isZero() ? w : latency;
  }
}
