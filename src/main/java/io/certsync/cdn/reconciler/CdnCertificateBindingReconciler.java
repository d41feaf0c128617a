package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DeletionPolicy;
import io.certsync.cdn.sync.HttpsDisabler;
import io.certsync.cdn.sync.StatusRenderer;
import io.certsync.cdn.sync.SyncEngine;
import io.certsync.cdn.sync.SyncReport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin controller: gather the Secret from the informer and the domain owners from the cache,
 * run the sync engine, write the status once (a whole replacement checked against the
 * resourceVersion), then record Events, and come back when a retry or re-check is due.
 */
// all events, deletions included: the finalizer is added only for deletionPolicy Disable
// unexpected exceptions (the API server failing, say) are retried for as long as they last
@GradualRetry(
    maxAttempts = Integer.MAX_VALUE,
    initialInterval = 1000,
    intervalMultiplier = 2,
    maxInterval = 300_000)
@ControllerConfiguration(
    name = CdnCertificateBindingReconciler.NAME,
    triggerReconcilerOnAllEvents = true)
public final class CdnCertificateBindingReconciler implements Reconciler<CdnCertificateBinding> {

  public static final String NAME = "cdncertificatebinding";
  public static final String FINALIZER = "certsync.io/disable-https";
  static final String SECRET_INDEX = "binding-by-secret";
  static final String CREDENTIALS_INDEX = "binding-by-credentials";
  static final String TLS_SECRETS = "tls-secrets";
  static final String CREDENTIALS_SECRETS = "credentials-secrets";

  /** Credentials Secrets with this label re-trigger their bindings as soon as they change. */
  public static final String CREDENTIALS_LABEL = "certsync.io/credentials";

  private static final int HTTP_CONFLICT = 409;

  private static final Logger LOG = LoggerFactory.getLogger(CdnCertificateBindingReconciler.class);

  private final SyncEngine engine;
  private final BindingDeletion deletion;
  private final CredentialsSource credentials;
  private final EventPublisher events;
  private final BindingObserver observer;
  private final Clock clock;

  public CdnCertificateBindingReconciler(
      SyncEngine engine,
      HttpsDisabler disabler,
      CredentialsSource credentials,
      EventPublisher events,
      BindingObserver observer,
      Clock clock) {
    this.observer = observer;
    this.engine = engine;
    this.deletion = new BindingDeletion(disabler, credentials, events, clock);
    this.credentials = credentials;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, CdnCertificateBinding>> prepareEventSources(
      EventSourceContext<CdnCertificateBinding> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            SECRET_INDEX,
            b ->
                b.getSpec().getSecretName() == null
                    ? List.of()
                    : List.of(key(b.getMetadata().getNamespace(), b.getSpec().getSecretName())));
    context
        .getPrimaryCache()
        .addIndexer(
            CREDENTIALS_INDEX,
            b ->
                b.getSpec().getCredentialsSecretRef() == null
                        || b.getSpec().getCredentialsSecretRef().getName() == null
                    ? List.of()
                    : List.of(
                        key(
                            b.getMetadata().getNamespace(),
                            b.getSpec().getCredentialsSecretRef().getName())));
    context.getPrimaryCache().addIndexer(DomainOwners.INDEX, DomainOwners::indexed);
    InformerEventSourceConfiguration<Secret> tlsSecrets =
        InformerEventSourceConfiguration.from(Secret.class, CdnCertificateBinding.class)
            .withName(TLS_SECRETS)
            .withSecondaryToPrimaryMapper(secret -> bindingsIndexed(context, SECRET_INDEX, secret))
            .withPrimaryToSecondaryMapper(
                (CdnCertificateBinding b) ->
                    b.getSpec().getSecretName() == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(
                                b.getSpec().getSecretName(), b.getMetadata().getNamespace())))
            // a real API server sends only TLS Secrets; the type is checked again below
            .withFieldSelector(
                new FieldSelector(new FieldSelector.Field("type", SyncEngine.TLS_TYPE)))
            .build();
    InformerEventSourceConfiguration<Secret> credentialSecrets =
        InformerEventSourceConfiguration.from(Secret.class, CdnCertificateBinding.class)
            .withName(CREDENTIALS_SECRETS)
            .withSecondaryToPrimaryMapper(
                secret -> bindingsIndexed(context, CREDENTIALS_INDEX, secret))
            .withLabelSelector(CREDENTIALS_LABEL + "=true")
            .build();
    return List.of(
        new InformerEventSource<>(tlsSecrets, context),
        new InformerEventSource<>(credentialSecrets, context));
  }

  private static Set<ResourceID> bindingsIndexed(
      EventSourceContext<CdnCertificateBinding> context, String index, Secret secret) {
    return context
        .getPrimaryCache()
        .byIndex(index, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
        .stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<CdnCertificateBinding> reconcile(
      CdnCertificateBinding binding, Context<CdnCertificateBinding> context) {
    if (context.isPrimaryResourceDeleted()) {
      observer.deleted(binding.getMetadata().getNamespace(), binding.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    // a spec with values this version does not know is never acted on, on deletion neither
    boolean actionable = binding.getSpec().unsupportedValues().isEmpty();
    boolean disableOnDelete =
        actionable && binding.getSpec().getDeletionPolicy() == DeletionPolicy.Disable;
    if (binding.isMarkedForDeletion()) {
      if (!binding.hasFinalizer(FINALIZER) || deletion.released(binding)) {
        return UpdateControl.noUpdate();
      }
      if (!actionable) {
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
        return UpdateControl.noUpdate();
      }
      return deletion.finish(binding, context);
    }
    if (disableOnDelete && !binding.hasFinalizer(FINALIZER)) {
      binding = PrimaryUpdateAndCacheUtils.addFinalizer(context, FINALIZER);
    } else if (!disableOnDelete && binding.hasFinalizer(FINALIZER)) {
      binding = PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
    }
    return sync(binding, context);
  }

  private UpdateControl<CdnCertificateBinding> sync(
      CdnCertificateBinding binding, Context<CdnCertificateBinding> context) {
    Instant now = clock.instant();
    long generation = Objects.requireNonNullElse(binding.getMetadata().getGeneration(), 0L);
    CdnCertificateBindingStatus previous = binding.getStatus();
    if (previous == null || previous.readyCondition().isEmpty()) {
      StatusWriter.write(binding, StatusRenderer.initial(previous, generation, now), context);
      return UpdateControl.<CdnCertificateBinding>noUpdate().rescheduleAfter(Duration.ofMillis(1));
    }
    String namespace = binding.getMetadata().getNamespace();
    boolean lookup = SyncEngine.isObjectName(binding.getSpec().getSecretName());
    Optional<Secret> secret =
        lookup ? context.getSecondaryResource(Secret.class, TLS_SECRETS) : Optional.empty();
    if (secret.isEmpty() && lookup) {
      // the informer only holds TLS Secrets: tell "missing" from "wrong type" with one read
      secret =
          Optional.ofNullable(
              context
                  .getClient()
                  .secrets()
                  .inNamespace(namespace)
                  .withName(binding.getSpec().getSecretName())
                  .get());
    }
    SyncReport report =
        engine.sync(
            binding,
            secret,
            () -> credentials.lookup(namespace, binding.getSpec().getCredentialsSecretRef()),
            DomainOwners.claimedFrom(binding, context.getPrimaryCache()),
            now);
    CdnCertificateBindingStatus status = StatusRenderer.build(previous, report, generation, now);
    if (!status.equals(previous)) {
      StatusWriter.write(binding, status, context);
    }
    // only once the status write landed: a conflict retries the reconcile, not the Events
    new TransitionEvents(events).record(binding, previous, status, report);
    observer.reconciled(binding, status, TransitionEvents.pushes(report));
    Condition ready = status.readyCondition().orElseThrow();
    LOG.info(
        "reconciled binding={}/{} ready={} reason={} synced={} writes={}",
        namespace,
        binding.getMetadata().getName(),
        ready.getStatus(),
        ready.getReason(),
        status.getSyncedDomains(),
        report.deployments().size());
    UpdateControl<CdnCertificateBinding> control = UpdateControl.noUpdate();
    report
        .nextCheck()
        .ifPresent(
            at -> control.rescheduleAfter(max(Duration.between(now, at), Duration.ofMillis(100))));
    return control;
  }

  /** An unexpected exception: Ready says so, status keeps what it knew; JOSDK retries. */
  @Override
  public ErrorStatusUpdateControl<CdnCertificateBinding> updateErrorStatus(
      CdnCertificateBinding binding, Context<CdnCertificateBinding> context, Exception e) {
    LOG.warn(
        "reconcile failed binding={}/{} error={}",
        binding.getMetadata().getNamespace(),
        binding.getMetadata().getName(),
        e.getClass().getSimpleName());
    if (binding.isMarkedForDeletion()
        || (e instanceof KubernetesClientException k && k.getCode() == HTTP_CONFLICT)) {
      // a conflict is ordinary: the retry sees the newer object; status stays as it is
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    CdnCertificateBindingStatus status =
        StatusRenderer.error(
            binding.getStatus(),
            e,
            Objects.requireNonNullElse(binding.getMetadata().getGeneration(), 0L),
            clock.instant());
    try {
      // the same write as every other: the whole status, with the resourceVersion it came from
      StatusWriter.write(binding, status, context);
    } catch (KubernetesClientException conflictOrWorse) {
      LOG.debug(
          "error status not written binding={}/{} code={}",
          binding.getMetadata().getNamespace(),
          binding.getMetadata().getName(),
          conflictOrWorse.getCode());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
