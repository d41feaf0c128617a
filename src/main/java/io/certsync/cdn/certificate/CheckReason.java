package io.certsync.cdn.certificate;

/** The operator's own reasons for a pre-flight check that failed before any API call. */
public enum CheckReason {
  SecretMissingData,
  CertificateMalformed,
  PrivateKeyMalformed,
  KeyPairMismatch,
  CertificateExpired,
  CertificateNotYetValid,
  DomainNotCovered
}
