package io.certsync.cdn.cloudapi;

/** What to do after an API error: the retry classes of DESIGN.md section 4. */
public enum ErrorClass {
  /** Retry with exponential backoff and jitter, 1 s doubling to 5 min. */
  TRANSIENT,
  /** Do not retry until the Secret or the binding changes. */
  FIX_INPUT,
  /** Re-check slowly (every 10 min by default): the account or the domain must change. */
  ACCOUNT_STATE,
  /** The certificate is already in the store, e.g. after a lost answer: read back to verify. */
  ALREADY_UPLOADED
}
