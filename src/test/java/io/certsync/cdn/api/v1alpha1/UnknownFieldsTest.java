package io.certsync.cdn.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A binding written against a newer CRD (as after rolling the operator back while the newer CRD
 * stays installed) carries fields this model does not know: they are ignored, never fatal.
 */
class UnknownFieldsTest {

  static final String WWW = "www.example.com";
  static final String SHOP = "shop.example.com";

  OperatorHarness h;

  @AfterEach
  void close() {
    OperatorHarness.closeChecked(h);
  }

  @Test
  @DisplayName(
      "a binding with a spec field from a newer CRD syncs beside a plain one, the field logged once and left in place")
  void unknownFieldsAreIgnored() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(SHOP));
    Issued ca = TestCertificates.ca("Unknown fields CA");
    Issued cert = TestCertificates.leaf(ca, WWW, SHOP);
    h.tlsSecret("www-tls", cert);
    createAsWritten(
        """
            {"apiVersion": "certsync.io/v1alpha1", "kind": "CdnCertificateBinding",
             "metadata": {"name": "newer", "namespace": "web"},
             "spec": {"secretName": "www-tls", "domains": ["www.example.com"],
                      "fromANewerCrd": {"mode": "fast"}}}
        """);
    h.startOperator();
    h.createBinding("plain", "www-tls", SHOP);

    h.awaitReady("newer", "True", "Synced");
    h.awaitReady("plain", "True", "Synced");
    assertThat(h.emulator.certificateWrites(WWW)).isEqualTo(1);
    assertThat(h.emulator.certificateWrites(SHOP)).isEqualTo(1);

    // a second reconcile of the same object reads the field again: still one log line
    h.restartOperator();
    h.awaitReady("newer", "True", "Synced");
    String logs = h.everythingVisible();
    assertThat(count(logs, "fromANewerCrd")).as(logs).isEqualTo(1);
    assertThat(logs).doesNotContain("UnrecognizedPropertyException");
    Map<?, ?> spec =
        (Map<?, ?>)
            h.client
                .genericKubernetesResources("certsync.io/v1alpha1", "CdnCertificateBinding")
                .inNamespace(OperatorHarness.NAMESPACE)
                .withName("newer")
                .get()
                .getAdditionalProperties()
                .get("spec");
    assertThat(spec.get("fromANewerCrd"))
        .as("the operator never removes what it ignores")
        .isNotNull();
  }

  @Test
  @DisplayName(
      "a binding with an enum value from a newer CRD is held with SpecUnsupported, makes no call, and does not stop a plain one")
  void unknownValuesHoldOnlyTheirBinding() throws Exception {
    h = new OperatorHarness(s -> s.domain(WWW).domain(SHOP));
    Issued ca = TestCertificates.ca("Unknown values CA");
    h.tlsSecret("www-tls", TestCertificates.leaf(ca, WWW, SHOP));
    createAsWritten(
        """
            {"apiVersion": "certsync.io/v1alpha1", "kind": "CdnCertificateBinding",
             "metadata": {"name": "newer", "namespace": "web"},
             "spec": {"secretName": "www-tls", "domains": ["www.example.com"],
                      "api": "SetCdnDomainSSLCertificateV9", "reclaimPolicy": "Archive"},
             "status": {"domains": [{"domain": "www.example.com", "state": "Quarantined"}]}}
        """);
    h.startOperator();
    h.createBinding("plain", "www-tls", SHOP);

    h.awaitReady("plain", "True", "Synced");
    CdnCertificateBinding held = h.awaitReady("newer", "False", "SpecUnsupported");
    assertThat(held.getStatus().readyCondition().orElseThrow().getMessage())
        .contains("spec.api", "SetCdnDomainSSLCertificateV9", "spec.reclaimPolicy", "Archive");
    assertThat(h.emulator.calls(c -> WWW.equals(c.domain()))).as("no call for it").isEmpty();
  }

  @Test
  @DisplayName(
      "an unknown enum value survives a copy of the spec as written, and known values stay typed")
  void unknownValuesRoundTrip() {
    CdnCertificateBindingSpec spec =
        Serialization.unmarshal(
            """
            {"secretName": "www-tls", "domains": ["www.example.com"],
             "certRegion": "eu-central-1", "deletionPolicy": "Disable"}
            """,
            CdnCertificateBindingSpec.class);
    assertThat(spec.getCertRegion()).isNull();
    assertThat(spec.getDeletionPolicy()).isEqualTo(DeletionPolicy.Disable);
    assertThat(spec.unsupportedValues())
        .containsExactly(Map.entry("spec.certRegion", "eu-central-1"));

    CdnCertificateBindingSpec copy =
        Serialization.unmarshal(Serialization.asJson(spec), CdnCertificateBindingSpec.class);
    assertThat(Serialization.asJson(spec)).contains("\"certRegion\":\"eu-central-1\"");
    assertThat(copy.unsupportedValues()).isEqualTo(spec.unsupportedValues());
    assertThat(copy.getDeletionPolicy()).isEqualTo(DeletionPolicy.Disable);
  }

  /** Creates a binding from its JSON as a newer CRD would let it be written, model unused. */
  private void createAsWritten(String json) {
    h.client
        .genericKubernetesResources("certsync.io/v1alpha1", "CdnCertificateBinding")
        .inNamespace(OperatorHarness.NAMESPACE)
        .resource(Serialization.unmarshal(json, GenericKubernetesResource.class))
        .create();
  }

  private static int count(String text, String word) {
    Matcher m = Pattern.compile(Pattern.quote(word)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
