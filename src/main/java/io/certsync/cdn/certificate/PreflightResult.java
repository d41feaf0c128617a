package io.certsync.cdn.certificate;

import java.util.Optional;

/** The outcome of the pre-flight checks on a Secret's certificate and key. */
public sealed interface PreflightResult {

  /** Every check passed: the material may be pushed (domain coverage aside). */
  record Passed(TlsMaterial material) implements PreflightResult {}

  /** A check failed; the certificate facts are there when the certificate itself parsed. */
  record Failed(CheckFailure failure, Optional<CertificateInfo> certificate)
      implements PreflightResult {}
}
