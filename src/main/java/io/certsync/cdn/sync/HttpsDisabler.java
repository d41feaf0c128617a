package io.certsync.cdn.sync;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * For {@code deletionPolicy: Disable}: turns HTTPS off for every domain of a binding being deleted.
 * A domain that is offline or gone counts as done, so it cannot hold the deletion; other failures
 * are retried by the same classes and backoff as uploads, the decision kept in the domain's status.
 * When the binding's credentials are gone (deleted with its namespace, say) nothing can be turned
 * off any more: the deletion is let go rather than held forever.
 */
public final class HttpsDisabler {

  /** How a deletion stands: done, abandoned, or waiting for a retry. */
  public record Result(
      Outcome outcome,
      List<DomainStatus> domains,
      String reason,
      String message,
      Duration retryAfter) {

    public boolean done() {
      return outcome == Outcome.DONE;
    }
  }

  public enum Outcome {
    /** Every domain has HTTPS off. */
    DONE,
    /** The credentials are gone: HTTPS stays on, the finalizer goes. */
    ABANDONED,
    /** Some domain still has HTTPS on; try again after {@code retryAfter}. */
    RETRY
  }

  private final CdnCertificateClient cdn;
  private final RetryPolicy retry;

  public HttpsDisabler(CdnCertificateClient cdn, RetryPolicy retry) {
    this.cdn = cdn;
    this.retry = retry;
  }

  /**
   * Turns HTTPS off for the binding's domains, except those {@code claimedBy} another binding (by
   * normalized name): they are that binding's to serve, and are left as they are.
   */
  public Result disable(
      CdnCertificateBinding binding,
      Map<String, String> claimedBy,
      Supplier<CredentialsLookup> credentials,
      Instant now) {
    CdnCertificateBindingStatus previous =
        binding.getStatus() == null ? new CdnCertificateBindingStatus() : binding.getStatus();
    CdnAction action = SyncEngine.action(binding.getSpec());
    List<DomainStatus> domains = new ArrayList<>();
    String reason = null;
    String message = null;
    Optional<Instant> due = Optional.empty();
    CredentialsLookup lookup = null;
    for (String domain : binding.getSpec().getDomains()) {
      DomainStatus next =
          previous.domain(domain).map(DomainStatus::copy).orElseGet(() -> new DomainStatus(domain));
      domains.add(next);
      if (next.getState() == DomainState.Disabled) {
        continue;
      }
      String owner = claimedBy.get(DomainCoverage.normalize(domain));
      if (owner != null) {
        next.setMessage("left on: " + owner + " owns this domain");
        continue;
      }
      Optional<Instant> waitUntil =
          Optional.ofNullable(next.getNextAttemptTime()).map(Instant::parse).filter(now::isBefore);
      if (next.getState() == DomainState.Disabling && waitUntil.isPresent()) {
        reason = reason == null ? Reasons.fromApiCode(next.getErrorCode()) : reason;
        message = message == null ? cannot(next) : message;
        due = earliest(due, waitUntil.get());
        continue;
      }
      if (lookup == null) {
        lookup = credentials.get();
      }
      if (lookup instanceof CredentialsLookup.Missing missing) {
        if (Reasons.CREDENTIALS_NOT_FOUND.equals(missing.reason())) {
          return new Result(
              Outcome.ABANDONED,
              domains,
              missing.reason(),
              "HTTPS left on for "
                  + String.join(", ", stillOn(binding, previous, claimedBy))
                  + ": "
                  + missing.message(),
              Duration.ZERO);
        }
        reason = reason == null ? missing.reason() : reason;
        message = message == null ? "cannot turn HTTPS off: " + missing.message() : message;
        due = earliest(due, now.plus(retry.settings().accountRecheck()));
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
      int failures =
          (next.getState() == DomainState.Disabling && next.getFailures() != null
                  ? next.getFailures()
                  : 0)
              + 1;
      ErrorClass errorClass = error.errorClass();
      // nothing else can change a binding being deleted: input errors are re-checked slowly
      Instant at =
          retry
              .nextAttempt(errorClass, failures, now)
              .orElse(now.plus(retry.settings().accountRecheck()));
      next.setState(DomainState.Disabling);
      next.setErrorCode(error.code());
      next.setMessage(error.message());
      next.setRequestId(error.requestId());
      next.setHttpStatus(error.httpStatus());
      next.setErrorClass(Failure.statusName(errorClass));
      next.setFailures(failures);
      next.setLastAttemptTime(Timestamps.format(now));
      next.setNextAttemptTime(Timestamps.precise(at));
      reason = reason == null ? Reasons.fromApiCode(error.code()) : reason;
      message = message == null ? cannot(next) : message;
      due = earliest(due, at);
    }
    if (reason == null) {
      return new Result(Outcome.DONE, domains, null, null, Duration.ZERO);
    }
    Duration wait = due.map(t -> Duration.between(now, t)).orElse(Duration.ZERO);
    return new Result(Outcome.RETRY, domains, reason, message, wait);
  }

  /** The binding's domains not yet off and not another binding's. */
  private static List<String> stillOn(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      Map<String, String> claimedBy) {
    return binding.getSpec().getDomains().stream()
        .filter(d -> !claimedBy.containsKey(DomainCoverage.normalize(d)))
        .filter(
            d ->
                previous.domain(d).map(DomainStatus::getState).orElse(null) != DomainState.Disabled)
        .toList();
  }

  private static String cannot(DomainStatus status) {
    return "cannot turn HTTPS off for " + StatusRenderer.summary(status);
  }

  private static void off(DomainStatus status, String requestId) {
    status.setState(DomainState.Disabled);
    status.setMessage("HTTPS turned off (deletionPolicy: Disable)");
    status.setErrorCode(null);
    status.setErrorClass(null);
    status.setHttpStatus(null);
    status.setNextAttemptTime(null);
    status.setFailures(null);
    status.setRequestId(requestId);
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
    return a.isEmpty() || b.isBefore(a.get()) ? Optional.of(b) : a;
  }
}
