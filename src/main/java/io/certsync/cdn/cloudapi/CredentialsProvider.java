package io.certsync.cdn.cloudapi;

/**
 * Supplies the operator's default credentials: fixed keys, or temporary ones obtained and refreshed
 * as needed (RRSA). A failure carries the credential service's error.
 */
@FunctionalInterface
public interface CredentialsProvider {

  CdnResult<CdnCredentials> credentials();

  static CredentialsProvider fixed(CdnCredentials credentials) {
    return () -> new CdnResult.Success<>(credentials, null);
  }
}
