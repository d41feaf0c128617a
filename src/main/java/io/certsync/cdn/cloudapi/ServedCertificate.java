package io.certsync.cdn.cloudapi;

import java.util.Optional;

/**
 * What a CDN domain serves, as DescribeDomainCertificateInfo reports it: whether HTTPS is on, the
 * certificate name and id, and the certificate PEM (absent when HTTPS is off or no certificate is
 * set).
 */
public record ServedCertificate(
    String domain, boolean httpsEnabled, String certName, String certId, String certificatePem) {

  public Optional<String> pem() {
    return Optional.ofNullable(certificatePem).filter(p -> !p.isBlank());
  }
}
