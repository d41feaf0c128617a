package io.certsync.cdn.cloudapi;

/**
 * Names the Alibaba Cloud main account behind a set of credentials (STS GetCallerIdentity, which
 * needs no RAM permission). Limits are counted per account, and the store belongs to one.
 */
@FunctionalInterface
public interface AccountResolver {

  /** The account id, e.g. {@code 1234567890123456}; cached by implementations. */
  CdnResult<String> accountOf(CdnCredentials credentials);

  /** Takes each AccessKeyId for an account of its own: right for one key per account only. */
  static AccountResolver byAccessKeyId() {
    return credentials -> new CdnResult.Success<>(credentials.accessKeyId(), null);
  }
}
