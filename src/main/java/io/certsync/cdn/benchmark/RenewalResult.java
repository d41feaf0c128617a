package io.certsync.cdn.benchmark;

import java.time.Duration;

/**
 * One renewal of a layout: every Secret updated at once, until every domain serves its new
 * certificate. Times in seconds; {@code bindingSeconds} is when each binding (in layout order)
 * served its new certificate on all of its domains; {@code writesPerSecond} counts
 * SetCdnDomainSSLCertificate calls.
 */
record RenewalResult(
    Layout layout,
    Duration latency,
    double initialSeconds,
    double wallSeconds,
    long throttled,
    long writes,
    long keyUploads,
    int[] writesPerSecond,
    double[] bindingSeconds) {

  /** The account's write limit: SetCdnDomainSSLCertificate calls per second. */
  static final int LIMIT = 30;

  int domains() {
    return layout.domainCount();
  }

  int bindings() {
    return layout.bindings().size();
  }

  /** The time the account's write limit allows: one write per domain at 30/s. */
  double idealSeconds() {
    return domains() / (double) LIMIT;
  }

  /** ideal/actual: 1.00 is the account's limit. */
  double ratio() {
    return idealSeconds() / wallSeconds;
  }
}
