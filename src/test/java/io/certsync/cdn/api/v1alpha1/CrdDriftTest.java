package io.certsync.cdn.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
