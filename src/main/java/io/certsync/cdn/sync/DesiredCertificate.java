package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.certificate.ServedCertificates;
import io.certsync.cdn.certificate.TlsMaterial;
import io.certsync.cdn.cloudapi.ServedCertificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a binding wants its domains to serve: the Secret's certificate (uploaded once per account,
 * then bound by its store id), or a certificate already in the store (bound by id, CertType=cas).
 */
sealed interface DesiredCertificate {

  /** How status and messages name it. */
  String describe();

  /** Whether a domain's status records it as set. */
  boolean recordedIn(DomainStatus status);

  /** Whether the domain, as read back, serves it. */
  boolean servedBy(ServedCertificate served);

  /** Why the domain cannot serve it, if it cannot. */
  Optional<String> coverageProblem(String domain);

  /** Records it as set in the domain's status, with what a read-back showed if there was one. */
  void record(DomainStatus status, Optional<ServedCertificate> served);

  /** The Secret's certificate, uploaded with its key. */
  record Uploaded(TlsMaterial material) implements DesiredCertificate {

    String fingerprint() {
      return material.fingerprint();
    }

    /** The leaf's SHA-1 as the certificate store shows it. */
    String storeFingerprint() {
      return Fingerprints.sha1(material.chain().get(0));
    }

    @Override
    public String describe() {
      return material.fingerprint();
    }

    @Override
    public boolean recordedIn(DomainStatus status) {
      return material.fingerprint().equals(status.getFingerprint());
    }

    @Override
    public boolean servedBy(ServedCertificate served) {
      return served.httpsEnabled()
          && served
              .pem()
              .flatMap(ServedCertificates::leafFingerprint)
              .map(material.fingerprint()::equals)
              .orElse(false);
    }

    @Override
    public Optional<String> coverageProblem(String domain) {
      return DomainCoverage.covers(material.info().dnsNames(), domain)
          ? Optional.empty()
          : Optional.of(
              domain + " is not covered by the certificate's names " + material.info().dnsNames());
    }

    @Override
    public void record(DomainStatus status, Optional<ServedCertificate> served) {
      status.setFingerprint(material.fingerprint());
      // an id read back for this certificate, or none: the id of the certificate the domain
      // served before must not stand beside the new fingerprint (it would be bound as this one)
      status.setCertId(served.filter(this::servedBy).map(ServedCertificate::certId).orElse(null));
    }
  }

  /** A certificate of the store, bound by id; no key travels. */
  record Stored(long certId) implements DesiredCertificate {
    @Override
    public String describe() {
      return "stored certificate " + certId;
    }

    @Override
    public boolean recordedIn(DomainStatus status) {
      return String.valueOf(certId).equals(status.getCertId());
    }

    @Override
    public boolean servedBy(ServedCertificate served) {
      return served.httpsEnabled() && String.valueOf(certId).equals(served.certId());
    }

    @Override
    public Optional<String> coverageProblem(String domain) {
      return Optional.empty(); // the CDN checks the stored certificate itself
    }

    @Override
    public void record(DomainStatus status, Optional<ServedCertificate> served) {
      status.setCertId(String.valueOf(certId));
      status.setFingerprint(
          served
              .flatMap(ServedCertificate::pem)
              .flatMap(ServedCertificates::leafFingerprint)
              .orElse(status.getFingerprint()));
      served
          .map(ServedCertificate::certName)
          .filter(Objects::nonNull)
          .ifPresent(status::setCertName);
    }
  }
}
