package io.certsync.cdn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.fixtures.OperatorProcess;
import io.certsync.cdn.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The leader's shutdown, as the kubelet does it: the operator runs as a process of its own with
 * leader election on, and gets SIGTERM.
 */
class LeaderShutdownTest {

  /** What the JVM answers to SIGTERM once its shutdown hooks have run: 128 + 15. */
  static final int SIGTERM_EXIT = 143;

  OperatorHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  @DisplayName(
      "a leader given SIGTERM exits within seconds (status 143, the JVM's answer to SIGTERM) and clears the Lease's holder")
  void leaderExitsOnSigterm() throws Exception {
    h = new OperatorHarness(s -> s.domain("www.example.com"));
    try (OperatorProcess leader =
        h.startOperatorProcess(
            Map.of(
                "LEADER_ELECTION", "true",
                "LEADER_ELECTION_NAMESPACE", "default",
                "POD_NAME", "leader-pod",
                "HTTP_PORT", "0",
                "DRIFT_CHECK_INTERVAL", "0"))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .failFast(() -> !leader.process().isAlive())
          .until(() -> "leader-pod".equals(holder()));

      long sent = System.nanoTime();
      boolean exited = leader.terminate(Duration.ofSeconds(20));
      // a figure for the record, not an assertion: the bound above is the test
      System.out.printf(
          "leader exited %d ms after SIGTERM%n", (System.nanoTime() - sent) / 1_000_000);

      assertThat(exited)
          .as("exited within 20 s of SIGTERM; its log:%n%s", Files.readString(leader.log()))
          .isTrue();
      assertThat(leader.process().exitValue()).isEqualTo(SIGTERM_EXIT);
      assertThat(holder()).as("the Lease's holder after the leader left").isNullOrEmpty();
    }
  }

  private String holder() {
    Lease lease = h.client.leases().inNamespace("default").withName("cdn-cert-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
