package io.certsync.cdn.runtime;

import java.time.Duration;

/**
 * Leader election through a Lease: only the holder reconciles; a standby takes over when it dies. A
 * leader that loses the Lease while running exits and is restarted clean by Kubernetes, as
 * controller-runtime operators do; one that is stopped releases the Lease (see {@link
 * LeaderLease}).
 */
public record LeaderElection(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static final String DEFAULT_LEASE = "cdn-cert-operator";

  public static LeaderElection defaults(String namespace, String identity) {
    return new LeaderElection(
        DEFAULT_LEASE,
        namespace,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }
}
