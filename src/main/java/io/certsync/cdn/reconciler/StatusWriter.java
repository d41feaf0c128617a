package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Writes a binding's whole status with an update of the status subresource that carries the
 * resourceVersion it was computed from: a stale cache gets a 409, which fails this reconcile so
 * that JOSDK retries it on the newer object, never values written onto the wrong domain entry (as
 * an index-based patch could). The answer goes into JOSDK's cache, so the next reconcile sees it.
 * (JOSDK's own update-and-cache helper re-applies the change on a conflict and polls the cache for
 * up to 10 s each time, which held a reconcile thread for a minute under load.)
 */
final class StatusWriter {

  private StatusWriter() {}

  static void write(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus status,
      Context<CdnCertificateBinding> context) {
    CdnCertificateBindingStatus before = binding.getStatus();
    binding.setStatus(status);
    CdnCertificateBinding updated;
    try {
      updated = context.getClient().resource(binding).updateStatus();
    } catch (RuntimeException e) {
      binding.setStatus(before);
      throw e;
    }
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(binding), updated, binding);
  }
}
