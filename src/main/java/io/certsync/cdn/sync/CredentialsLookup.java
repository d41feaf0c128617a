package io.certsync.cdn.sync;

import io.certsync.cdn.cloudapi.CdnCredentials;

/** The credentials a binding calls the API with, or why there are none. */
public sealed interface CredentialsLookup {

  record Found(CdnCredentials credentials) implements CredentialsLookup {}

  /** {@code reason} is CredentialsNotFound or CredentialsInvalid. */
  record Missing(String reason, String message) implements CredentialsLookup {}
}
