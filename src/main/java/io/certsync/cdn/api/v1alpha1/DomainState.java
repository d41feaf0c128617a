package io.certsync.cdn.api.v1alpha1;

/** Where one domain stands against the Secret's current certificate. */
public enum DomainState {
  /** The domain serves the Secret's current certificate. */
  Synced,
  /** Not yet: waiting for a check to pass, a retry, or the first call. */
  Pending,
  /** The last attempt failed in a way that needs a change of input, account or domain. */
  Failed,
  /** Its binding is being deleted and turning HTTPS off failed; retried at nextAttemptTime. */
  Disabling,
  /** HTTPS was turned off for it while its binding was deleted (deletionPolicy: Disable). */
  Disabled
}
