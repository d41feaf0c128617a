package io.certsync.cdn.cloudapi;

import java.util.Objects;

/**
 * Binding a certificate already held in Certificate Management Service to a domain ({@code
 * CertType=cas}): no key material travels. {@code certRegion} may be null for the default.
 */
public record StoredCertificateBinding(
    CdnCredentials credentials, String domain, long certId, String certRegion) {

  public StoredCertificateBinding {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(domain, "domain");
  }
}
