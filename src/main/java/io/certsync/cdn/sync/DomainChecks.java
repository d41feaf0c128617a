package io.certsync.cdn.sync;

import java.util.Map;
import java.util.Optional;

/**
 * The checks of a domain made before any call, in order: listed once, a valid name, covered by the
 * certificate, and not owned by an older binding.
 */
final class DomainChecks {

  private DomainChecks() {}

  /** Why a domain cannot be synced before any call, if it cannot. */
  static Optional<DomainDecision.Reject> problem(
      String domain,
      String name,
      boolean duplicate,
      DesiredCertificate desired,
      Map<String, String> claimedBy) {
    if (duplicate) {
      return reject(Reasons.DOMAIN_INVALID, domain + " is listed more than once");
    }
    if (!SpecChecks.DOMAIN.matcher(name).matches()) {
      return reject(
          Reasons.DOMAIN_INVALID,
          domain
              + " is not a valid domain name (write IDNs in punycode, wildcards as .example.com)");
    }
    Optional<String> uncovered = desired.coverageProblem(name);
    if (uncovered.isPresent()) {
      return reject(Reasons.DOMAIN_NOT_COVERED, uncovered.get());
    }
    String owner = claimedBy.get(name);
    if (owner != null) {
      return reject(
          Reasons.DOMAIN_CLAIMED,
          name
              + " is bound by "
              + owner
              + ", an older binding; one binding owns a domain, this one never writes it");
    }
    return Optional.empty();
  }

  private static Optional<DomainDecision.Reject> reject(String reason, String message) {
    return Optional.of(new DomainDecision.Reject(reason, message));
  }
}
