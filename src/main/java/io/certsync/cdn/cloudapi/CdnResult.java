package io.certsync.cdn.cloudapi;

/** The answer to one API call: a value with its RequestId, or an error. */
public sealed interface CdnResult<T> {

  record Success<T>(T value, String requestId) implements CdnResult<T> {}

  /** An error answer, or no answer at all (code {@link ErrorClassifier#NETWORK}, status 0). */
  record Failure<T>(ApiError error) implements CdnResult<T> {}

  static <T> CdnResult<T> networkFailure(String message) {
    return new Failure<>(new ApiError(ErrorClassifier.NETWORK, message, null, 0));
  }
}
