package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;

/** Records Kubernetes Events about a binding. */
public interface EventPublisher {

  /** {@code type} is Normal or Warning. */
  void publish(CdnCertificateBinding binding, String type, String reason, String message);
}
