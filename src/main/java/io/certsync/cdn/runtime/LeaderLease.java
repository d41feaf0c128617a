package io.certsync.cdn.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's side of leader election: a Lease lost while running ends the process (status 1), so
 * that Kubernetes restarts it clean; a deliberate stop ends leadership without exiting and hands
 * the Lease over at once.
 *
 * <p>Why not JOSDK's {@code exitOnStopLeading}: stopping the operator cancels the elector, whose
 * stop-leading callback then calls {@code System.exit} on the stopping thread. When that thread is
 * a shutdown hook (SIGTERM), {@code System.exit} blocks forever and the pod waits out its grace
 * period. And JOSDK builds the elector without release-on-cancel, so a standby would wait a whole
 * lease duration.
 */
final class LeaderLease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final LeaderElection election;
  private final IntConsumer exit;
  private final Clock clock;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** {@code exit} ends the process with a status; it is called from a thread of its own. */
  LeaderLease(LeaderElection election, IntConsumer exit, Clock clock) {
    this.election = election;
    this.exit = exit;
    this.clock = clock;
  }

  /** Exits the JVM from a new thread, so that shutdown hooks may stop the thread that asked. */
  static IntConsumer systemExit() {
    return status -> new Thread(() -> System.exit(status), "leader-lost-exit").start();
  }

  LeaderCallbacks callbacks() {
    return new LeaderCallbacks(
        () -> LOG.info("leading as {}", election.identity()),
        this::stoppedLeading,
        leader -> LOG.info("leader is {}", leader));
  }

  void stoppedLeading() {
    if (stopping.get()) {
      return;
    }
    LOG.error(
        "lost Lease {}/{} while running; exiting so that a fresh process rejoins the election",
        election.leaseNamespace(),
        election.leaseName());
    exit.accept(1);
  }

  /** From now on, losing leadership is part of a deliberate stop, not a reason to exit. */
  void stopping() {
    stopping.set(true);
  }

  /**
   * Clears the Lease's holder if this process still holds it, and shortens it to one second, as
   * client-go's ReleaseOnCancel does, so that a standby takes over on its next retry. Written with
   * its resourceVersion (a conflict means someone else took it already) and as a whole: a merge
   * patch, which fabric8's own release sends, cannot remove the holder.
   */
  void release(KubernetesClient client) {
    try {
      Lease lease =
          client
              .leases()
              .inNamespace(election.leaseNamespace())
              .withName(election.leaseName())
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(clock);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      LOG.info("released Lease {}/{}", election.leaseNamespace(), election.leaseName());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not release Lease {}/{} ({}); a standby takes over when it expires",
          election.leaseNamespace(),
          election.leaseName(),
          e.getCode());
    }
  }
}
