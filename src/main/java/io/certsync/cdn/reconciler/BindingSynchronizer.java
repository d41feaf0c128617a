package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.certificate.TlsMaterial;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Brings a binding's domains to the Secret's certificate: pre-flight checks, then per domain in
 * spec order a call only where the fingerprint differs (reading back first when status has no
 * record), with retries timed by the error class. Returns a report; writes nothing to Kubernetes.
 */
public final class BindingSynchronizer {

  static final String TLS_TYPE = "kubernetes.io/tls";

  /** The due time of a failure that only a change of input can clear. */
  static final Instant NEVER = Instant.MAX;

  static final int MAX_DOMAINS = 100;
  static final Pattern DOMAIN =
      Pattern.compile(
          "^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])$");

  private final CdnCertificateClient cdn;
  private final PreflightChecker checker;
  private final SyncSettings settings;
  private final DoubleSupplier jitter;
  private final java.util.concurrent.Executor domainExecutor;

  public BindingSynchronizer(
      CdnCertificateClient cdn,
      PreflightChecker checker,
      SyncSettings settings,
      DoubleSupplier jitter,
      java.util.concurrent.Executor domainExecutor) {
    this.cdn = cdn;
    this.checker = checker;
    this.settings = settings;
    this.jitter = jitter;
    this.domainExecutor = domainExecutor;
  }

  SyncReport sync(
      CdnCertificateBinding binding,
      Optional<Secret> secret,
      Supplier<CredentialsLookup> credentials,
      Instant now) {
    CdnCertificateBindingSpec spec = binding.getSpec();
    CdnCertificateBindingStatus previous =
        binding.getStatus() == null ? new CdnCertificateBindingStatus() : binding.getStatus();
    if (spec.getDomains().size() > MAX_DOMAINS) {
      // the CRD refuses this; a server that skipped validation must not cause 101 calls
      return blocked(
          binding,
          previous,
          Optional.empty(),
          Reasons.DOMAIN_INVALID,
          "a binding has at most "
              + MAX_DOMAINS
              + " domains; this one lists "
              + spec.getDomains().size());
    }
    boolean generationChanged =
        !java.util.Objects.equals(
            previous.getObservedGeneration(), binding.getMetadata().getGeneration());
    if (spec.getCertId() != null) {
      return new SyncRun(
              cdn,
              settings,
              jitter,
              binding,
              previous,
              new DesiredCertificate.Stored(spec.getCertId()),
              Optional.empty(),
              credentials,
              now,
              generationChanged)
          .execute(domainExecutor);
    }
    String where = "Secret " + binding.getMetadata().getNamespace() + "/" + spec.getSecretName();
    if (!isObjectName(spec.getSecretName())) {
      return blocked(
          binding,
          previous,
          Optional.empty(),
          Reasons.SECRET_NOT_FOUND,
          "secretName '"
              + spec.getSecretName()
              + "' is not a Secret name; Secrets are read from the binding's namespace "
              + binding.getMetadata().getNamespace()
              + " only");
    }
    if (secret.isEmpty()) {
      return blocked(
          binding, previous, Optional.empty(), Reasons.SECRET_NOT_FOUND, where + " does not exist");
    }
    if (!TLS_TYPE.equals(secret.get().getType())) {
      return blocked(
          binding,
          previous,
          Optional.empty(),
          Reasons.SECRET_TYPE_INVALID,
          where + " has type " + secret.get().getType() + ", not " + TLS_TYPE);
    }
    Map<String, String> data = secret.get().getData() == null ? Map.of() : secret.get().getData();
    PreflightResult checked =
        checker.check(decode(data.get("tls.crt")), decode(data.get("tls.key")), now);
    if (checked instanceof PreflightResult.Failed failed) {
      return blocked(
          binding,
          previous,
          failed.certificate(),
          failed.failure().reason().name(),
          where + ": " + failed.failure().message());
    }
    TlsMaterial material = ((PreflightResult.Passed) checked).material();
    boolean inputsChanged =
        !material
                .fingerprint()
                .equals(
                    previous.getCertificate() == null
                        ? null
                        : previous.getCertificate().getFingerprint())
            || generationChanged;
    return new SyncRun(
            cdn,
            settings,
            jitter,
            binding,
            previous,
            new DesiredCertificate.Uploaded(material),
            Optional.of(material.info()),
            credentials,
            now,
            inputsChanged)
        .execute(domainExecutor);
  }

  /**
   * Nothing can be called: every domain keeps what it had, and is Synced only if it still serves
   * the fingerprint.
   */
  private static SyncReport blocked(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      Optional<CertificateInfo> certificate,
      String reason,
      String message) {
    List<DomainOutcome> outcomes = new ArrayList<>();
    for (String domain : binding.getSpec().getDomains()) {
      DomainStatus d = previous.domain(domain).orElseGet(() -> new DomainStatus(domain));
      DomainStatus next = d.copy();
      boolean stillServes =
          certificate.isPresent() && certificate.get().fingerprint().equals(d.getFingerprint());
      next.setState(stillServes ? DomainState.Synced : DomainState.Pending);
      outcomes.add(new DomainOutcome(next, reason, null, Optional.empty()));
    }
    return new SyncReport(
        certificate,
        Optional.of(new SyncReport.Blocker(reason, message)),
        outcomes,
        List.of(),
        List.of(),
        Optional.empty());
  }

  private static final Pattern OBJECT_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");

  /**
   * A DNS-subdomain object name: never a path, so a lookup cannot leave the binding's namespace.
   */
  public static boolean isObjectName(String name) {
    return name != null && OBJECT_NAME.matcher(name).matches();
  }

  /** Certificate facts as status recorded them. */
  static CertificateInfo info(io.certsync.cdn.api.v1alpha1.CertificateFacts facts) {
    return new CertificateInfo(
        facts.getFingerprint(),
        facts.getSerialNumber(),
        null,
        null,
        facts.getNotBefore() == null ? null : Instant.parse(facts.getNotBefore()),
        facts.getNotAfter() == null ? null : Instant.parse(facts.getNotAfter()),
        facts.getDnsNames() == null ? List.of() : facts.getDnsNames(),
        null);
  }

  private static byte[] decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return new byte[] {'?'};
    }
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
