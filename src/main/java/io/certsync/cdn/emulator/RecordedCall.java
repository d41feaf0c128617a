package io.certsync.cdn.emulator;

import java.time.Instant;

/**
 * One call the emulator answered. {@code fingerprint} is that of the uploaded leaf certificate,
 * when there was one; key material is never recorded.
 */
public record RecordedCall(
    Instant time,
    String action,
    String accessKeyId,
    String domain,
    String certName,
    String fingerprint,
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
