package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DeletionPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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
 * The thin controller: gather the Secret from the informer, sync, build the status, record Events
 * on transitions and pushes, write the status once, and come back when a retry or re-check is due.
 */
// all events, deletions included: the finalizer is added only for deletionPolicy Disable
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

  private static final Logger LOG = LoggerFactory.getLogger(CdnCertificateBindingReconciler.class);

  private final BindingSynchronizer synchronizer;
  private final HttpsDisabler disabler;
  private final CredentialsSource credentials;
  private final EventPublisher events;
  private final BindingObserver observer;
  private final Clock clock;

  public CdnCertificateBindingReconciler(
      BindingSynchronizer synchronizer,
      HttpsDisabler disabler,
      CredentialsSource credentials,
      EventPublisher events,
      BindingObserver observer,
      Clock clock) {
    this.observer = observer;
    this.synchronizer = synchronizer;
    this.disabler = disabler;
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
                new FieldSelector(new FieldSelector.Field("type", BindingSynchronizer.TLS_TYPE)))
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
    boolean disableOnDelete = binding.getSpec().getDeletionPolicy() == DeletionPolicy.Disable;
    if (binding.isMarkedForDeletion()) {
      return binding.hasFinalizer(FINALIZER)
          ? finishDeletion(binding, context)
          : UpdateControl.noUpdate();
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
      binding.setStatus(StatusBuilder.initial(previous, generation, now));
      return UpdateControl.patchStatus(binding).rescheduleAfter(Duration.ofMillis(1));
    }
    String namespace = binding.getMetadata().getNamespace();
    boolean lookup = BindingSynchronizer.isObjectName(binding.getSpec().getSecretName());
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
        synchronizer.sync(
            binding,
            secret,
            () -> credentials.lookup(namespace, binding.getSpec().getCredentialsSecretRef()),
            now);
    CdnCertificateBindingStatus status = StatusBuilder.build(previous, report, generation, now);
    recordEvents(binding, previous, status, report);
    observer.reconciled(binding, status, pushes(report));
    UpdateControl<CdnCertificateBinding> control;
    if (status.equals(previous)) {
      control = UpdateControl.noUpdate();
    } else {
      binding.setStatus(status);
      control = UpdateControl.patchStatus(binding);
    }
    Condition ready = status.readyCondition().orElseThrow();
    LOG.info(
        "reconciled binding={}/{} ready={} reason={} synced={} pushes={}",
        namespace,
        binding.getMetadata().getName(),
        ready.getStatus(),
        ready.getReason(),
        status.getSyncedDomains(),
        report.deployments().size());
    report
        .nextCheck()
        .ifPresent(
            at -> control.rescheduleAfter(max(Duration.between(now, at), Duration.ofMillis(100))));
    return control;
  }

  /** deletionPolicy Disable: HTTPS off for every domain, then the finalizer goes. */
  private UpdateControl<CdnCertificateBinding> finishDeletion(
      CdnCertificateBinding binding, Context<CdnCertificateBinding> context) {
    String namespace = binding.getMetadata().getNamespace();
    HttpsDisabler.Result result =
        disabler.disable(
            binding,
            () -> credentials.lookup(namespace, binding.getSpec().getCredentialsSecretRef()));
    if (result.done()) {
      events.publish(
          binding,
          "Normal",
          "HttpsDisabled",
          "HTTPS turned off for "
              + String.join(", ", binding.getSpec().getDomains())
              + " before deletion");
      LOG.info(
          "deleted binding={}/{} https=off domains={}",
          namespace,
          binding.getMetadata().getName(),
          binding.getSpec().getDomains().size());
      PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
      return UpdateControl.noUpdate();
    }
    CdnCertificateBindingStatus previous = binding.getStatus();
    CdnCertificateBindingStatus status =
        StatusBuilder.deleting(
            previous,
            result,
            Objects.requireNonNullElse(binding.getMetadata().getGeneration(), 0L),
            clock.instant());
    LOG.info(
        "deleting binding={}/{} reason={} retryIn={}",
        namespace,
        binding.getMetadata().getName(),
        result.reason(),
        result.retryAfter());
    if (previous != null
        && !previous
            .readyCondition()
            .map(c -> Objects.equals(c.getReason(), result.reason()))
            .orElse(false)) {
      events.publish(binding, "Warning", result.reason(), result.message());
    }
    binding.setStatus(status);
    return UpdateControl.patchStatus(binding)
        .rescheduleAfter(max(result.retryAfter(), Duration.ofMillis(100)));
  }

  private void recordEvents(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      CdnCertificateBindingStatus status,
      SyncReport report) {
    for (SyncReport.Deployment d : report.deployments()) {
      events.publish(
          binding,
          "Normal",
          d.driftCorrected() ? "DriftCorrected" : "CertificateDeployed",
          (d.driftCorrected() ? "The CDN served another certificate; set " : "Set ")
              + d.domain()
              + " to "
              + d.fingerprint()
              + " as "
              + d.certName()
              + " (RequestId "
              + d.requestId()
              + ")");
    }
    Condition before = previous.readyCondition().orElse(null);
    Condition after = status.readyCondition().orElseThrow();
    boolean transition =
        before == null
            || !Objects.equals(before.getStatus(), after.getStatus())
            || !Objects.equals(before.getReason(), after.getReason());
    if (transition) {
      events.publish(
          binding,
          "True".equals(after.getStatus()) ? "Normal" : "Warning",
          after.getReason(),
          after.getMessage());
    }
  }

  /** The write attempts of this reconcile: deployments, and writes the API refused. */
  private static List<BindingObserver.Push> pushes(SyncReport report) {
    List<BindingObserver.Push> pushes = new java.util.ArrayList<>();
    for (SyncReport.Deployment d : report.deployments()) {
      pushes.add(
          new BindingObserver.Push(
              d.domain(), d.driftCorrected() ? "drift_corrected" : "deployed"));
    }
    pushes.addAll(report.failedPushes());
    return pushes;
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
