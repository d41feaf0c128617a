package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-domain decision for every recorded state and every input: a pure function of status, the
 * binding and a fixed time.
 */
class DomainDeciderTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final Duration DRIFT = Duration.ofHours(1);
  static final DesiredCertificate WANTED = new DesiredCertificate.Stored(42);

  enum Input {
    UNCHANGED(false, false),
    CHANGED(true, false),
    SUSPENDED(false, true);

    final boolean changed;
    final boolean suspended;

    Input(boolean changed, boolean suspended) {
      this.changed = changed;
      this.suspended = suspended;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row("a new domain", null, Input.UNCHANGED, DomainDecision.Write.class),
        row(
            "a new domain of a suspended binding",
            null,
            Input.SUSPENDED,
            DomainDecision.Suspend.class),
        row(
            "synced, drift check not due",
            synced(NOW.minusSeconds(60)),
            Input.UNCHANGED,
            DomainDecision.Keep.class),
        row(
            "synced, drift check due",
            synced(NOW.minus(Duration.ofHours(2))),
            Input.UNCHANGED,
            DomainDecision.CheckDrift.class),
        row(
            "synced, drift check due, suspended",
            synced(NOW.minus(Duration.ofHours(2))),
            Input.SUSPENDED,
            DomainDecision.Keep.class),
        row(
            "synced, binding changed",
            synced(NOW.minusSeconds(60)),
            Input.CHANGED,
            DomainDecision.Keep.class),
        row(
            "synced, a failed read-back's retry not due (drift check long due)",
            s -> synced(s, NOW.minus(Duration.ofHours(2))).nextAttempt(NOW.plusSeconds(5)),
            Input.UNCHANGED,
            DomainDecision.Keep.class),
        row(
            "synced, a failed read-back's retry due (drift check not due)",
            s -> synced(s, NOW.minusSeconds(60)).nextAttempt(NOW.minusSeconds(1)),
            Input.UNCHANGED,
            DomainDecision.CheckDrift.class),
        row(
            "synced to another certificate",
            s -> synced(s, NOW.minusSeconds(60)).certId("7"),
            Input.UNCHANGED,
            DomainDecision.Write.class),
        row(
            "set, then held back binding-wide",
            s -> s.state(DomainState.Pending).certId("42"),
            Input.UNCHANGED,
            DomainDecision.Keep.class),
        row(
            "transient failure, retry not due",
            failed("Transient", NOW.plusSeconds(30)),
            Input.UNCHANGED,
            DomainDecision.Wait.class),
        row(
            "transient failure, retry due",
            failed("Transient", NOW.minusSeconds(1)),
            Input.UNCHANGED,
            DomainDecision.Write.class),
        row(
            "transient failure, retry due, suspended",
            failed("Transient", NOW.minusSeconds(1)),
            Input.SUSPENDED,
            DomainDecision.Suspend.class),
        row(
            "transient failure, retry not due, binding changed",
            failed("Transient", NOW.plusSeconds(30)),
            Input.CHANGED,
            DomainDecision.Write.class),
        row(
            "account state failure, re-check not due",
            failed("AccountState", NOW.plusSeconds(600)),
            Input.UNCHANGED,
            DomainDecision.Wait.class),
        row(
            "account state failure, re-check due",
            failed("AccountState", NOW),
            Input.UNCHANGED,
            DomainDecision.Write.class),
        row("input failure", failed("FixInput", null), Input.UNCHANGED, DomainDecision.Hold.class),
        row(
            "input failure, suspended",
            failed("FixInput", null),
            Input.SUSPENDED,
            DomainDecision.Hold.class),
        row(
            "input failure, Secret or binding changed",
            failed("FixInput", null),
            Input.CHANGED,
            DomainDecision.Write.class),
        row(
            "already-uploaded failure, re-check not due",
            failed("AlreadyUploaded", NOW.plusSeconds(600)),
            Input.UNCHANGED,
            DomainDecision.Wait.class),
        row(
            "a failure recorded before retry decisions were stored",
            s -> s.state(DomainState.Failed).errorCode("InternalError"),
            Input.UNCHANGED,
            DomainDecision.Write.class));
  }

  @ParameterizedTest(name = "{0}, input {2}: {3}")
  @MethodSource("table")
  void decidesFromStatusAndTimeAlone(
      String what, UnaryOperator<StatusBuilder> recorded, Input input, Class<?> expected) {
    DomainStatus before = recorded == null ? null : recorded.apply(new StatusBuilder()).status;
    DomainDecision decision =
        DomainDecider.decide(
            before,
            Optional.empty(),
            new DomainDecider.Context(WANTED, input.changed, input.suspended, NOW, DRIFT));
    assertThat(decision).isInstanceOf(expected);
  }

  @Test
  @DisplayName("a wait lasts until the retry time decided at the failure, never re-derived")
  void aWaitLastsUntilTheStoredTime() {
    Instant stored = NOW.plusMillis(1234);
    DomainDecision decision =
        DomainDecider.decide(
            failed("Transient", stored).apply(new StatusBuilder()).status,
            Optional.empty(),
            new DomainDecider.Context(WANTED, false, false, NOW, DRIFT));
    assertThat(decision).isEqualTo(new DomainDecision.Wait(stored));
  }

  @Test
  @DisplayName("a problem found before any call wins over everything status recorded")
  void aProblemIsRejectedFirst() {
    DomainDecision.Reject reject = new DomainDecision.Reject("DomainInvalid", "bad");
    assertThat(
            DomainDecider.decide(
                synced(NOW).apply(new StatusBuilder()).status,
                Optional.of(reject),
                new DomainDecider.Context(WANTED, false, false, NOW, DRIFT)))
        .isEqualTo(reject);
  }

  @Test
  @DisplayName(
      "a synced domain keeps its next drift check time, spread within +-10% of the interval")
  void keepCarriesTheDriftCheckTime() {
    DomainDecision decision =
        DomainDecider.decide(
            synced(NOW).apply(new StatusBuilder()).status,
            Optional.empty(),
            new DomainDecider.Context(WANTED, false, false, NOW, DRIFT));
    Instant next = ((DomainDecision.Keep) decision).nextCheck().orElseThrow();
    assertThat(next).isBetween(NOW.plus(Duration.ofMinutes(54)), NOW.plus(Duration.ofMinutes(66)));
  }

  @Test
  @DisplayName("a suspended binding's due drift check keeps no time to come back at (it is past)")
  void suspendedDueCheckIsNotRescheduledInThePast() {
    DomainDecision decision =
        DomainDecider.decide(
            synced(NOW.minus(Duration.ofHours(2))).apply(new StatusBuilder()).status,
            Optional.empty(),
            new DomainDecider.Context(WANTED, false, true, NOW, DRIFT));
    assertThat(decision).isEqualTo(new DomainDecision.Keep(Optional.empty()));
  }

  // ---- fixtures ----

  private static Arguments row(
      String what, UnaryOperator<StatusBuilder> recorded, Input input, Class<?> expected) {
    return Arguments.of(what, recorded, input, expected);
  }

  private static UnaryOperator<StatusBuilder> synced(Instant at) {
    return s -> synced(s, at);
  }

  private static StatusBuilder synced(StatusBuilder s, Instant at) {
    return s.state(DomainState.Synced).certId("42").lastSync(at);
  }

  private static UnaryOperator<StatusBuilder> failed(String errorClass, Instant next) {
    return s ->
        s.state(DomainState.Pending)
            .errorCode("ServiceUnavailable")
            .errorClass(errorClass)
            .nextAttempt(next);
  }

  /** A domain's status entry as an earlier reconcile left it. */
  static final class StatusBuilder {
    final DomainStatus status = new DomainStatus("www.example.com");

    StatusBuilder state(DomainState state) {
      status.setState(state);
      return this;
    }

    StatusBuilder certId(String id) {
      status.setCertId(id);
      return this;
    }

    StatusBuilder lastSync(Instant at) {
      status.setLastSyncTime(Timestamps.format(at));
      return this;
    }

    StatusBuilder errorCode(String code) {
      status.setErrorCode(code);
      return this;
    }

    StatusBuilder errorClass(String errorClass) {
      status.setErrorClass(errorClass);
      return this;
    }

    StatusBuilder nextAttempt(Instant at) {
      status.setNextAttemptTime(at == null ? null : Timestamps.precise(at));
      return this;
    }
  }
}
