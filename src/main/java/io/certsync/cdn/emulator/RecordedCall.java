package io.certsync.cdn.emulator;

import java.time.Instant;

/**
 * One call the emulator answered. {@code fingerprint} is that of the uploaded leaf certificate,
 * when there was one; {@code keySent} tells whether the request carried a private key, never the
 * key itself.
 */
public record RecordedCall(
    Instant time,
    String action,
    String accessKeyId,
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

  /** A successful upload of a certificate (HTTPS on with key material). */
  public boolean isUpload() {
    return succeeded() && fingerprint != null;
  }
}
