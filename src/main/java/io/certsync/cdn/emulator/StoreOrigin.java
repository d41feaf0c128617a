package io.certsync.cdn.emulator;

/** How an entry got into the certificate store. */
public enum StoreOrigin {
  /** SetCdnDomainSSLCertificate or SetDomainServerCertificate with the key. */
  CDN_UPLOAD,
  /** CAS UploadUserCertificate. */
  CAS_UPLOAD,
  /** Put there by someone else than the operator (console, another tool), before the test. */
  CONSOLE
}
