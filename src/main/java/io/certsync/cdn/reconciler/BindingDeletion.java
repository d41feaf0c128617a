package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.sync.HttpsDisabler;
import io.certsync.cdn.sync.StatusRenderer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of a {@code deletionPolicy: Disable} binding: HTTPS off, then the finalizer goes. */
final class BindingDeletion {

  private static final Logger LOG = LoggerFactory.getLogger(BindingDeletion.class);

  private final HttpsDisabler disabler;
  private final CredentialsSource credentials;
  private final EventPublisher events;
  private final Clock clock;
  private final Set<String> released =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 1000;
                }
              }));

  BindingDeletion(
      HttpsDisabler disabler, CredentialsSource credentials, EventPublisher events, Clock clock) {
    this.disabler = disabler;
    this.credentials = credentials;
    this.events = events;
    this.clock = clock;
  }

  /** Whether this process already let the binding go (an event queued before may say otherwise). */
  boolean released(CdnCertificateBinding binding) {
    return released.contains(binding.getMetadata().getUid());
  }

  /**
   * deletionPolicy Disable: HTTPS off for every domain, then the finalizer goes. If the binding's
   * credentials are gone (its namespace is being deleted, say), HTTPS is left on and the finalizer
   * goes too, with a Warning Event: a deletion is never held forever.
   */
  UpdateControl<CdnCertificateBinding> finish(
      CdnCertificateBinding binding, Context<CdnCertificateBinding> context) {
    String namespace = binding.getMetadata().getNamespace();
    Instant now = clock.instant();
    HttpsDisabler.Result result =
        disabler.disable(
            binding,
            DomainOwners.claimedFrom(binding, context.getPrimaryCache()),
            () -> credentials.lookup(namespace, binding.getSpec().getCredentialsSecretRef()),
            now);
    if (result.outcome() != HttpsDisabler.Outcome.RETRY) {
      boolean done = result.done();
      events.publish(
          binding,
          done ? "Normal" : "Warning",
          done ? "HttpsDisabled" : "HttpsNotDisabled",
          done
              ? "HTTPS turned off for "
                  + String.join(", ", binding.getSpec().getDomains())
                  + " before deletion"
              : result.message() + "; the finalizer is removed so the deletion can finish");
      if (done) {
        LOG.info(
            "deleted binding={}/{} https=off domains={}",
            namespace,
            binding.getMetadata().getName(),
            binding.getSpec().getDomains().size());
      } else {
        // the Event may be refused (a terminating namespace admits no new objects): say it here
        LOG.warn(
            "deleted binding={}/{} https=left-on reason={} message={}",
            namespace,
            binding.getMetadata().getName(),
            result.reason(),
            result.message());
      }
      PrimaryUpdateAndCacheUtils.removeFinalizer(
          context, CdnCertificateBindingReconciler.FINALIZER);
      // an event already queued may still carry the finalizer: it must not call or record again
      released.add(binding.getMetadata().getUid());
      return UpdateControl.noUpdate();
    }
    CdnCertificateBindingStatus previous = binding.getStatus();
    CdnCertificateBindingStatus status =
        StatusRenderer.deleting(
            previous,
            result,
            Objects.requireNonNullElse(binding.getMetadata().getGeneration(), 0L),
            now);
    LOG.info(
        "deleting binding={}/{} reason={} retryIn={}",
        namespace,
        binding.getMetadata().getName(),
        result.reason(),
        result.retryAfter());
    if (!status.equals(previous)) {
      StatusWriter.write(binding, status, context);
    }
    if (previous != null
        && !previous
            .readyCondition()
            .map(c -> Objects.equals(c.getReason(), result.reason()))
            .orElse(false)) {
      events.publish(binding, "Warning", result.reason(), result.message());
    }
    return UpdateControl.<CdnCertificateBinding>noUpdate()
        .rescheduleAfter(max(result.retryAfter(), Duration.ofMillis(100)));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
