package io.certsync.cdn.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checked-in CRD: generated from the model, and as an API server stores it. */
class CrdDriftTest {

  static final Path CHECKED_IN = Path.of("crds/cdncertificatebindings.certsync.io-v1.yml");
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/cdncertificatebindings.certsync.io-v1.yml");

  @Test
  @DisplayName(
      "the checked-in CRD is exactly what the Java model generates (copy target/classes/META-INF/fabric8/*.yml to crds/ after a model change)")
  void checkedInCrdMatchesGenerated() throws Exception {
    assertThat(GENERATED).exists();
    assertThat(Files.readString(CHECKED_IN)).isEqualTo(Files.readString(GENERATED));
  }

  @Test
  @DisplayName(
      "the CRD requires 1 to 100 domains and exactly one of secretName and certId, and has the contract's names")
  void crdCarriesValidation() throws Exception {
    String crd = Files.readString(CHECKED_IN);
    assertThat(crd)
        .contains(
            "name: \"cdncertificatebindings.certsync.io\"",
            "- \"ccb\"",
            "scope: \"Namespaced\"",
            "maxItems: 100",
            "minItems: 1",
            "- \"domains\"",
            "status: {}",
            "rule: \"has(self.secretName) != has(self.certId)\"");
  }

  static CustomResourceDefinitionVersion version() throws Exception {
    return Serialization.unmarshal(Files.readString(CHECKED_IN), CustomResourceDefinition.class)
        .getSpec()
        .getVersions()
        .get(0);
  }

  @Test
  @DisplayName(
      "kubectl get ccb shows Ready, Reason, Domains, Secret, Expires, Age (Message with -o wide), and Expires as the timestamp, not the time since it")
  void printerColumns() throws Exception {
    List<CustomResourceColumnDefinition> columns = version().getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Ready", "Reason", "Domains", "Secret", "Expires", "Age", "Message");
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Expires"))
        .singleElement()
        .satisfies(
            c -> {
              // a date column is printed as the time since the value: a future notAfter is
              // <invalid>
              assertThat(c.getType()).isEqualTo("string");
              assertThat(c.getJsonPath()).isEqualTo(".status.certificate.notAfter");
            });
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Age"))
        .extracting(CustomResourceColumnDefinition::getType)
        .containsExactly("date");
    assertThat(columns)
        .extracting(c -> c.getName() + "=" + c.getPriority())
        .containsExactly(
            "Ready=null",
            "Reason=null",
            "Domains=null",
            "Secret=null",
            "Expires=null",
            "Age=null",
            "Message=1");
  }

  @Test
  @DisplayName(
      "the CRD holds no zero printer-column priority, which the API server drops, so kubectl apply -f crds/ on an unchanged CRD changes nothing")
  void noFieldTheServerDrops() throws Exception {
    assertThat(Files.readString(CHECKED_IN)).doesNotContain("priority: 0");
  }

  @Test
  @DisplayName("kubectl explain has a description for the resource, its spec and its status")
  void rootSpecAndStatusAreDescribed() throws Exception {
    JSONSchemaProps root = version().getSchema().getOpenAPIV3Schema();
    assertThat(root.getDescription()).contains("CDN domains");
    assertThat(root.getProperties().get("spec").getDescription()).isNotBlank();
    assertThat(root.getProperties().get("status").getDescription()).isNotBlank();
  }
}
