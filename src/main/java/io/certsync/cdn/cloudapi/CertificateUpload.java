package io.certsync.cdn.cloudapi;

import java.util.Objects;

/**
 * One domain's certificate upload: the chain (leaf first) and key in PEM form, under a name in the
 * account's certificate store. {@code certRegion} may be null for the API default.
 */
public record CertificateUpload(
    CdnCredentials credentials,
    CdnAction action,
    String domain,
    String certName,
    String certRegion,
    String chainPem,
    PrivateKeyPem privateKey) {

  public CertificateUpload {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(certName, "certName");
    Objects.requireNonNull(chainPem, "chainPem");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!action.isWrite()) {
      throw new IllegalArgumentException(action + " is not a write action");
    }
  }
}
