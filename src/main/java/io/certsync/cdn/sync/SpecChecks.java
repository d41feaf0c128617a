package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of a binding's spec made before anything is read or called, the ones the CRD makes too
 * but a server that skipped validation, or a CRD newer than the operator, may let through.
 */
final class SpecChecks {

  static final int MAX_DOMAINS = 100;

  static final Pattern DOMAIN =
      Pattern.compile(
          "^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])$");
  private static final Pattern OBJECT_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");

  private SpecChecks() {}

  /** Why nothing of the binding can be synced as written, if so. */
  static Optional<SyncReport.Blocker> problem(CdnCertificateBinding binding) {
    CdnCertificateBindingSpec spec = binding.getSpec();
    if (!spec.unsupportedValues().isEmpty()) {
      // written against a newer CRD: acting on a default instead could do what nobody asked
      return blocker(
          Reasons.SPEC_UNSUPPORTED,
          spec.unsupportedValues().entrySet().stream()
                  .map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                  .collect(Collectors.joining(", "))
              + " not known to this operator version (is the installed CRD newer than the"
              + " operator?); upgrade the operator or change the value");
    }
    if (spec.getDomains().size() > MAX_DOMAINS) {
      // the CRD refuses this; a server that skipped validation must not cause 101 calls
      return blocker(
          Reasons.DOMAIN_INVALID,
          "a binding has at most "
              + MAX_DOMAINS
              + " domains; this one lists "
              + spec.getDomains().size());
    }
    if (spec.getCertId() == null && !isObjectName(spec.getSecretName())) {
      return blocker(
          Reasons.SECRET_NOT_FOUND,
          "secretName '"
              + spec.getSecretName()
              + "' is not a Secret name; Secrets are read from the binding's namespace "
              + binding.getMetadata().getNamespace()
              + " only");
    }
    return Optional.empty();
  }

  /**
   * A DNS-subdomain object name: never a path, so a lookup cannot leave the binding's namespace.
   */
  static boolean isObjectName(String name) {
    return name != null && OBJECT_NAME.matcher(name).matches();
  }

  private static Optional<SyncReport.Blocker> blocker(String reason, String message) {
    return Optional.of(new SyncReport.Blocker(reason, message));
  }
}
