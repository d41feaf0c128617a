package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.sync.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events; a failure to write one is logged, never fatal. */
public final class KubernetesEventPublisher implements EventPublisher {

  static final String COMPONENT = "cdn-cert-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventPublisher.class);

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesEventPublisher(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void publish(CdnCertificateBinding binding, String type, String reason, String message) {
    String namespace = binding.getMetadata().getNamespace();
    String now = Timestamps.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withNamespace(namespace)
                  .withName(
                      binding.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(binding.getApiVersion())
                          .withKind(binding.getKind())
                          .withName(binding.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(binding.getMetadata().getUid())
                          .withResourceVersion(binding.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record event binding={}/{} reason={} error={}",
          namespace,
          binding.getMetadata().getName(),
          reason,
          e.getClass().getSimpleName());
    }
  }
}
