package io.certsync.cdn.api.v1alpha1;

/** What happens to certificates a binding uploaded once no domain serves them any more. */
public enum ReclaimPolicy {
  /** They stay in the account's certificate store. */
  Retain,
  /** They are deleted from the store after the grace period, if nothing else uses them. */
  Delete
}
