package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.sync.CredentialsLookup;

/** Finds the credentials of a binding: its own Secret, or the operator's default. */
@FunctionalInterface
public interface CredentialsSource {

  CredentialsLookup lookup(String namespace, SecretReference reference);
}
