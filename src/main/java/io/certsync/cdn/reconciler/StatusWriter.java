package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a binding's whole status with an update of the status subresource that carries the
 * resourceVersion it was computed from: a stale cache gets a 409 and a fresh reconcile, never
 * values written onto the wrong domain entry (as an index-based patch could). The answer goes into
 * JOSDK's cache, so the next reconcile sees it.
 */
final class StatusWriter {

  private StatusWriter() {}

  static void write(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus status,
      Context<CdnCertificateBinding> context) {
    binding.setStatus(status);
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        binding,
        context,
        b -> {
          b.setStatus(status);
          return b;
        });
  }
}
