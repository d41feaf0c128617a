package io.certsync.cdn.cloudapi;

/**
 * The API actions this operator calls, CDN and beyond, each with its product and documented
 * per-account limit. (The name predates the certificate store; it is kept because the engine and
 * the metrics speak it.)
 */
public enum CdnAction {
  SetCdnDomainSSLCertificate(ApiProduct.CDN, 30),
  SetDomainServerCertificate(ApiProduct.CDN, 10),
  DescribeDomainCertificateInfo(ApiProduct.CDN, 100),
  UploadUserCertificate(ApiProduct.CAS, 10),
  GetUserCertificateDetail(ApiProduct.CAS, 10),
  ListUserCertificateOrder(ApiProduct.CAS, 10),
  DeleteUserCertificate(ApiProduct.CAS, 10),
  ListCloudResources(ApiProduct.CAS, 10),
  // STS documents no limit for it; AssumeRole's 100/s is the nearest published figure
  GetCallerIdentity(ApiProduct.STS, 100);

  private final ApiProduct product;
  private final int callsPerSecond;

  CdnAction(ApiProduct product, int callsPerSecond) {
    this.product = product;
    this.callsPerSecond = callsPerSecond;
  }

  public ApiProduct product() {
    return product;
  }

  /** The documented limit, per account, in calls per second. */
  public int callsPerSecond() {
    return callsPerSecond;
  }

  /** Whether this action sets a CDN domain's certificate (and so can carry key material). */
  public boolean isWrite() {
    return this == SetCdnDomainSSLCertificate || this == SetDomainServerCertificate;
  }
}
