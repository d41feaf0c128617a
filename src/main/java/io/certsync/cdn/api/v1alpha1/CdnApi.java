package io.certsync.cdn.api.v1alpha1;

/** Which Alibaba Cloud CDN write API a binding uses. */
public enum CdnApi {
  /** The current API, 30 calls per second per account. */
  SetCdnDomainSSLCertificate,
  /** The deprecated API, 10 calls per second per account. */
  SetDomainServerCertificate
}
