package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnApi;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.CertificateFacts;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.api.v1alpha1.ReclaimPolicy;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.certificate.TlsMaterial;
import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The sync engine: brings a binding's domains to the Secret's certificate. Pre-flight checks, then
 * per domain a decision made without I/O from what status recorded, then only the calls those
 * decisions need, then the reclaim of superseded certificates. Returns a report; writes nothing to
 * Kubernetes.
 */
public final class SyncEngine {

  public static final String TLS_TYPE = "kubernetes.io/tls";

  /** How often a binding whose domain another binding owns looks again. */
  static final Duration CLAIM_RECHECK = Duration.ofMinutes(1);

  private final CdnCertificateClient cdn;
  private final PreflightChecker checker;
  private final RetryPolicy retry;
  private final Executor domainExecutor;
  private final AccountResolver accounts;
  private final CertificateRegistry registry;
  private final CertificatePlacement placement;
  private final Reclaimer reclaimer;

  public SyncEngine(
      CdnCertificateClient cdn,
      CertificateStoreClient store,
      AccountResolver accounts,
      CertificateRegistry registry,
      PreflightChecker checker,
      RetryPolicy retry,
      Executor domainExecutor) {
    this.cdn = cdn;
    this.checker = checker;
    this.retry = retry;
    this.domainExecutor = domainExecutor;
    this.accounts = accounts;
    this.registry = registry;
    this.placement = new CertificatePlacement(cdn, store, registry);
    this.reclaimer = new Reclaimer(store, retry);
  }

  /**
   * Syncs a binding. {@code claimedBy} maps each of its domains (normalized) that an older binding
   * owns to that binding's {@code namespace/name}.
   */
  public SyncReport sync(
      CdnCertificateBinding binding,
      Optional<Secret> secret,
      Supplier<CredentialsLookup> credentials,
      Map<String, String> claimedBy,
      Instant now) {
    // looked up at most once per sync, by the domains and the reclaims alike
    Supplier<CredentialsLookup> once = memoized(credentials);
    SyncReport report = syncDomains(binding, secret, once, claimedBy, now);
    if (binding.getSpec().getReclaimPolicy() != ReclaimPolicy.Delete) {
      return report;
    }
    return reclaimer.reclaim(binding, previousStatus(binding), report, once, now);
  }

  private static Supplier<CredentialsLookup> memoized(Supplier<CredentialsLookup> lookup) {
    AtomicReference<CredentialsLookup> found = new AtomicReference<>();
    return () -> {
      CredentialsLookup known = found.get();
      if (known == null) {
        known = lookup.get();
        found.compareAndSet(null, known);
      }
      return known;
    };
  }

  private SyncReport syncDomains(
      CdnCertificateBinding binding,
      Optional<Secret> secret,
      Supplier<CredentialsLookup> credentials,
      Map<String, String> claimedBy,
      Instant now) {
    CdnCertificateBindingSpec spec = binding.getSpec();
    CdnCertificateBindingStatus previous = previousStatus(binding);
    Optional<SyncReport.Blocker> problem = SpecChecks.problem(binding);
    if (problem.isPresent()) {
      return blocked(
          binding, previous, Optional.empty(), problem.get().reason(), problem.get().message());
    }
    boolean generationChanged =
        !Objects.equals(previous.getObservedGeneration(), binding.getMetadata().getGeneration());
    if (spec.getCertId() != null) {
      return new BindingSync(
              this,
              binding,
              previous,
              new DesiredCertificate.Stored(spec.getCertId()),
              Optional.empty(),
              credentials,
              claimedBy,
              now,
              generationChanged)
          .execute();
    }
    String where = "Secret " + binding.getMetadata().getNamespace() + "/" + spec.getSecretName();
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
    return new BindingSync(
            this,
            binding,
            previous,
            new DesiredCertificate.Uploaded(material),
            Optional.of(material.info()),
            credentials,
            claimedBy,
            now,
            inputsChanged)
        .execute();
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
      DomainStatus next = previous.domain(domain).orElseGet(() -> new DomainStatus(domain)).copy();
      boolean stillServes =
          certificate.isPresent() && certificate.get().fingerprint().equals(next.getFingerprint());
      next.setState(stillServes ? DomainState.Synced : DomainState.Pending);
      outcomes.add(new DomainOutcome(next, reason, Optional.empty()));
    }
    Optional<String> certId =
        Optional.ofNullable(previous.getCertificate())
            .filter(
                c ->
                    certificate.isPresent()
                        && certificate.get().fingerprint().equals(c.getFingerprint()))
            .map(CertificateFacts::getCertId);
    return new SyncReport(
        certificate,
        certId,
        Optional.of(new SyncReport.Blocker(reason, message)),
        outcomes,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  /** The client action for the CRD's {@code api}: the one mapping of the two. */
  public static CdnAction action(CdnCertificateBindingSpec spec) {
    return spec.effectiveApi() == CdnApi.SetDomainServerCertificate
        ? CdnAction.SetDomainServerCertificate
        : CdnAction.SetCdnDomainSSLCertificate;
  }

  /**
   * A DNS-subdomain object name: never a path, so a lookup cannot leave the binding's namespace.
   */
  public static boolean isObjectName(String name) {
    return SpecChecks.isObjectName(name);
  }

  /** Certificate facts as status recorded them. */
  static CertificateInfo info(CertificateFacts facts) {
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

  private static CdnCertificateBindingStatus previousStatus(CdnCertificateBinding binding) {
    return binding.getStatus() == null ? new CdnCertificateBindingStatus() : binding.getStatus();
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

  // ---- what a binding's sync shares with the engine ----

  CdnCertificateClient cdn() {
    return cdn;
  }

  CertificatePlacement placement() {
    return placement;
  }

  RetryPolicy retry() {
    return retry;
  }

  SyncSettings settings() {
    return retry.settings();
  }

  Executor domainExecutor() {
    return domainExecutor;
  }

  AccountResolver accounts() {
    return accounts;
  }

  CertificateRegistry registry() {
    return registry;
  }
}
