package io.certsync.cdn.api.v1alpha1;

/** What happens to the CDN domains when their binding is deleted. */
public enum DeletionPolicy {
  /** The CDN keeps serving the last certificate. */
  Retain,
  /** A finalizer turns HTTPS off for every bound domain. */
  Disable
}
