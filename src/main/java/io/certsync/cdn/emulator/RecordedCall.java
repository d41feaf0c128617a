package io.certsync.cdn.emulator;

import java.time.Instant;

/**
 * One call the emulator answered. {@code fingerprint} is that of the leaf certificate the call
 * applied to a domain, when there was one; {@code keySent} tells whether the request carried a
 * private key, never the key itself. {@code accountId} is the caller's main account, when known.
 */
public record RecordedCall(
    Instant time,
    String action,
    String accessKeyId,
    String accountId,
    String domain,
    String certName,
    String fingerprint,
    boolean keySent,
    int httpStatus,
    String errorCode,
    String requestId) {

  public boolean succeeded() {
    return errorCode == null;
  }

  /** A successful call that carried a private key (a CDN upload or a CAS upload). */
  public boolean isKeyUpload() {
    return succeeded() && keySent;
  }

  /** A successful certificate upload to a domain (HTTPS on with key material). */
  public boolean isUpload() {
    return isKeyUpload() && fingerprint != null;
  }
}
