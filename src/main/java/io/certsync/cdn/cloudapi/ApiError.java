package io.certsync.cdn.cloudapi;

/**
 * An error answer of the API: its code (e.g. {@code InvalidDomain.Offline}), message, RequestId and
 * HTTP status. The message is the API's own text, which never echoes key material.
 */
public record ApiError(String code, String message, String requestId, int httpStatus) {

  /** The error's retry class, decided by its code (and, for unknown codes, a 5xx status). */
  public ErrorClass errorClass() {
    return ErrorClassifier.classify(code, httpStatus);
  }

  /** {@code Code: Message (RequestId X)}, the form used in conditions. */
  public String describe() {
    return code
        + ": "
        + (message == null || message.isBlank() ? "(no message)" : message)
        + (requestId == null || requestId.isBlank() ? "" : " (RequestId " + requestId + ")");
  }
}
