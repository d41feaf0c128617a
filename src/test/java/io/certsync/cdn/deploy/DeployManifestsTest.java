package io.certsync.cdn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * deploy/ is what the chart renders with its defaults, so that kubectl apply -f deploy/ installs
 * the same thing as helm install. Regenerate with {@code mvn test -Dtest=DeployManifestsTest
 * -Ddeploy.update=true}.
 */
class DeployManifestsTest {

  static final Path OPERATOR = Path.of("deploy/02-operator.yaml");
  static final String HEADER =
      "# Generated from helm/cdn-cert-operator with its default values (release and namespace cdn-cert-operator).\n"
          + "# Do not edit: change the chart and run mvn test -Dtest=DeployManifestsTest -Ddeploy.update=true\n";

  @Test
  @DisplayName("deploy/02-operator.yaml is the chart rendered with its defaults")
  void operatorManifestIsTheRenderedChart() throws Exception {
    String rendered =
        HEADER
            + new Helm(HelmChartTest.CHART)
                .template()
                .withName("cdn-cert-operator")
                .withNamespace("cdn-cert-operator")
                .withKubeVersion("1.30.0")
                .call();
    if (Boolean.getBoolean("deploy.update")) {
      Files.writeString(OPERATOR, rendered);
    }
    assertThat(Files.readString(OPERATOR)).isEqualTo(rendered);
    assertThat(HelmChartTest.parse(rendered)).isNotEmpty();
  }

  @Test
  @DisplayName("deploy/01-crd.yaml is the generated CRD")
  void crdIsGenerated() throws Exception {
    assertThat(Files.readString(Path.of("deploy/01-crd.yaml")))
        .isEqualTo(Files.readString(Path.of("crds/cdncertificatebindings.certsync.io-v1.yml")));
  }
}
