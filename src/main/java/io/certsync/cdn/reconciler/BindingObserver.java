package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import java.util.List;

/** Observes the outcome of each reconcile, for metrics. */
public interface BindingObserver {

  BindingObserver NONE =
      new BindingObserver() {
        @Override
        public void reconciled(
            CdnCertificateBinding binding, CdnCertificateBindingStatus status, List<Push> pushes) {}

        @Override
        public void deleted(String namespace, String name) {}
      };

  /**
   * One write attempt for a domain: {@code outcome} is deployed, drift_corrected or the error code.
   */
  record Push(String domain, String outcome) {}

  void reconciled(
      CdnCertificateBinding binding, CdnCertificateBindingStatus status, List<Push> pushes);

  void deleted(String namespace, String name);
}
