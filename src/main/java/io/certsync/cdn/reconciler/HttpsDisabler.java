package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.ErrorClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * For {@code deletionPolicy: Disable}: turns HTTPS off for every domain of a binding being deleted.
 * A domain that is offline or gone counts as done, so it cannot hold the deletion forever; other
 * failures are retried by their error class.
 */
public final class HttpsDisabler {

  static final String DISABLED = "HTTPS turned off (deletionPolicy: Disable)";

  /** Done when every domain is off; else the status to show and when to try again. */
  record Result(
      boolean done,
      List<DomainStatus> domains,
      String reason,
      String message,
      Duration retryAfter) {}

  private final CdnCertificateClient cdn;
  private final SyncSettings settings;
  private final DoubleSupplier jitter;

  public HttpsDisabler(CdnCertificateClient cdn, SyncSettings settings, DoubleSupplier jitter) {
    this.cdn = cdn;
    this.settings = settings;
    this.jitter = jitter;
  }

  Result disable(CdnCertificateBinding binding, Supplier<CredentialsLookup> credentials) {
    CdnCertificateBindingStatus previous =
        binding.getStatus() == null ? new CdnCertificateBindingStatus() : binding.getStatus();
    CdnAction action =
        binding.getSpec().effectiveApi()
                == io.certsync.cdn.api.v1alpha1.CdnApi.SetDomainServerCertificate
            ? CdnAction.SetDomainServerCertificate
            : CdnAction.SetCdnDomainSSLCertificate;
    List<DomainStatus> domains = new ArrayList<>();
    String reason = null;
    String message = null;
    Duration retry = null;
    CredentialsLookup lookup = null;
    for (String domain : binding.getSpec().getDomains()) {
      DomainStatus next =
          previous.domain(domain).map(DomainStatus::copy).orElseGet(() -> new DomainStatus(domain));
      domains.add(next);
      if (DISABLED.equals(next.getMessage())) {
        continue;
      }
      if (lookup == null) {
        lookup = credentials.get();
      }
      if (lookup instanceof CredentialsLookup.Missing missing) {
        reason = reason == null ? missing.reason() : reason;
        message = message == null ? "cannot turn HTTPS off: " + missing.message() : message;
        retry = min(retry, settings.accountRecheck());
        continue;
      }
      CdnResult<Void> result =
          cdn.disableHttps(
              ((CredentialsLookup.Found) lookup).credentials(),
              action,
              DomainCoverage.normalize(domain));
      if (result instanceof CdnResult.Success<Void> s) {
        off(next, s.requestId());
        continue;
      }
      ApiError error = ((CdnResult.Failure<Void>) result).error();
      if (error.code().startsWith("InvalidDomain.")) {
        off(next, error.requestId()); // offline or gone: nothing left to serve HTTPS
        continue;
      }
      next.setErrorCode(error.code());
      next.setMessage(error.message());
      next.setRequestId(error.requestId());
      reason = reason == null ? Reasons.fromApiCode(error.code()) : reason;
      message =
          message == null
              ? "cannot turn HTTPS off for " + domain + ": " + error.describe()
              : message;
      retry =
          min(
              retry,
              error.errorClass() == ErrorClass.TRANSIENT
                  ? settings.backoff(1, jitter.getAsDouble())
                  : settings.accountRecheck());
    }
    return new Result(
        reason == null, domains, reason, message, Optional.ofNullable(retry).orElse(Duration.ZERO));
  }

  private static void off(DomainStatus status, String requestId) {
    status.setState(DomainState.Pending);
    status.setMessage(DISABLED);
    status.setErrorCode(null);
    status.setRequestId(requestId);
  }

  private static Duration min(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }
}
