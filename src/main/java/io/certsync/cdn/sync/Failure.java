package io.certsync.cdn.sync;

import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.ErrorClass;

/**
 * A failed call as the engine records it: the API's error, and the retry class decided for it
 * (usually the error's own; the engine decides otherwise where it knows more, e.g. a store that
 * refuses a name it does not list yet).
 */
record Failure(ApiError error, ErrorClass errorClass) {

  static Failure of(ApiError error) {
    return new Failure(error, error.errorClass());
  }

  /** How status names the class. */
  static String statusName(ErrorClass errorClass) {
    return switch (errorClass) {
      case TRANSIENT -> "Transient";
      case FIX_INPUT -> "FixInput";
      case ACCOUNT_STATE -> "AccountState";
      case ALREADY_UPLOADED -> "AlreadyUploaded";
    };
  }
}
