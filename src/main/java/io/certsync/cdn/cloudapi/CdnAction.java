package io.certsync.cdn.cloudapi;

/** The API actions this operator calls, with their documented per-account limits. */
public enum CdnAction {
  SetCdnDomainSSLCertificate(30),
  SetDomainServerCertificate(10),
  DescribeDomainCertificateInfo(100);

  private final int callsPerSecond;

  CdnAction(int callsPerSecond) {
    this.callsPerSecond = callsPerSecond;
  }

  /** The documented limit, per account, in calls per second. */
  public int callsPerSecond() {
    return callsPerSecond;
  }

  public boolean isWrite() {
    return this != DescribeDomainCertificateInfo;
  }
}
