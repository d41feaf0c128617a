package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.DomainCoverage;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One binding owns a domain across the cluster: the oldest that lists it (case and a trailing dot
 * aside), so two bindings never flip a domain between two certificates.
 */
final class DomainOwners {

  static final String INDEX = "binding-by-domain";

  private DomainOwners() {}

  /** The primary-cache index: a binding under each of its domains, normalized. */
  static List<String> indexed(CdnCertificateBinding b) {
    return b.getSpec().getDomains() == null
        ? List.of()
        : b.getSpec().getDomains().stream()
            .filter(Objects::nonNull)
            .map(DomainCoverage::normalize)
            .distinct()
            .toList();
  }

  /**
   * The binding's domains that an older binding owns, with the owner's {@code namespace/name}: one
   * binding per domain across the cluster, the oldest, so two never flip a domain between them.
   */
  static Map<String, String> claimedFrom(
      CdnCertificateBinding binding, IndexedResourceCache<CdnCertificateBinding> cache) {
    Map<String, String> claimed = new HashMap<>();
    if (binding.getSpec().getDomains() == null) {
      return claimed;
    }
    Comparator<CdnCertificateBinding> age =
        Comparator.comparing(
                (CdnCertificateBinding b) ->
                    Objects.requireNonNullElse(b.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(b -> b.getMetadata().getNamespace())
            .thenComparing(b -> b.getMetadata().getName());
    for (String domain : binding.getSpec().getDomains()) {
      String name = DomainCoverage.normalize(domain);
      cache.byIndex(INDEX, name).stream()
          .filter(b -> !b.isMarkedForDeletion())
          .min(age)
          .filter(owner -> !ResourceID.fromResource(owner).equals(ResourceID.fromResource(binding)))
          .ifPresent(
              owner ->
                  claimed.put(
                      name,
                      owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName()));
    }
    return claimed;
  }
}
