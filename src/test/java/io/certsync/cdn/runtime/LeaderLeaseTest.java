package io.certsync.cdn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When leadership ends in an exit, and when it does not. */
class LeaderLeaseTest {

  final List<Integer> exits = new ArrayList<>();
  final LeaderLease lease =
      new LeaderLease(
          new LeaderElection(
              "lease",
              "default",
              "me",
              Duration.ofSeconds(15),
              Duration.ofSeconds(10),
              Duration.ofSeconds(2)),
          exits::add,
          Clock.systemUTC());

  @Test
  @DisplayName("a Lease lost while running ends the process with status 1")
  void lostWhileRunningExits() {
    lease.callbacks().onStopLeading();

    assertThat(exits).containsExactly(1);
  }

  @Test
  @DisplayName("leadership ending in a deliberate stop does not end the process")
  void deliberateStopDoesNotExit() {
    lease.stopping();
    lease.callbacks().onStopLeading();

    assertThat(exits).isEmpty();
  }
}
