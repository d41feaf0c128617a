package io.certsync.cdn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.fixtures.Bindings;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator's gauges across a binding's deletion. */
class OperatorMetricsTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OperatorMetrics metrics = new OperatorMetrics(registry);
  final CdnCertificateBinding binding =
      Bindings.of("web", "www", "www-tls", List.of("www.example.com"));

  @Test
  @DisplayName("a binding deleted and created again under its name gets its readiness gauge back")
  void recreatedBindingIsMeasuredAgain() {
    metrics.reconciled(binding, status("True"), List.of());
    metrics.deleted("web", "www");
    assertThat(registry.find("cdn_binding_ready").gauges()).isEmpty();

    metrics.reconciled(binding, status("False"), List.of());

    Gauge ready = registry.find("cdn_binding_ready").tag("binding", "www").gauge();
    assertThat(ready).isNotNull();
    assertThat(ready.value()).isZero();
  }

  private static CdnCertificateBindingStatus status(String ready) {
    CdnCertificateBindingStatus status = new CdnCertificateBindingStatus();
    status
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType(CdnCertificateBindingStatus.READY)
                .withStatus(ready)
                .build());
    return status;
  }
}
