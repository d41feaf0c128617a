package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run after fabric8's CRD generator (phase process-classes): makes the generated CRD
 * exactly what an API server stores, so that {@code kubectl apply -f crds/} is a no-op on an
 * unchanged CRD, and adds what the generator cannot express.
 *
 * <ul>
 *   <li>printer columns in the order they are declared on {@link CdnCertificateBinding} (the
 *       generator sorts them by JSON path);
 *   <li>no {@code priority: 0}: the API server omits a zero priority, so a file carrying it differs
 *       from the stored object forever;
 *   <li>descriptions of the root, {@code spec} and {@code status} from {@link JsonClassDescription}
 *       (what {@code kubectl explain} shows).
 * </ul>
 */
public final class GeneratedCrdFinisher {

  static final String HEADER =
      "# Generated from the Java model (io.certsync.cdn.api.v1alpha1) by fabric8's CRD generator and"
          + " GeneratedCrdFinisher: do not edit.\n";

  private GeneratedCrdFinisher() {}

  /** Rewrites each CRD file given as an argument in place. */
  public static void main(String[] args) throws IOException {
    for (String file : args) {
      Path path = Path.of(file);
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(path), CustomResourceDefinition.class);
      Files.writeString(path, HEADER + Serialization.asYaml(finish(crd)));
    }
  }

  /** The CRD with columns ordered and server defaults removed, and descriptions set. */
  public static CustomResourceDefinition finish(CustomResourceDefinition crd) {
    List<String> declaredOrder =
        Arrays.stream(
                CdnCertificateBinding.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
      if (columns != null) {
        columns.sort(Comparator.comparingInt(c -> declaredOrder.indexOf(c.getName())));
        for (CustomResourceColumnDefinition column : columns) {
          if (column.getPriority() != null && column.getPriority() == 0) {
            column.setPriority(null);
          }
        }
      }
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(describe(CdnCertificateBinding.class));
      root.getProperties().get("spec").setDescription(describe(CdnCertificateBindingSpec.class));
      root.getProperties()
          .get("status")
          .setDescription(describe(CdnCertificateBindingStatus.class));
    }
    return crd;
  }

  private static String describe(Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(type.getSimpleName() + " has no @JsonClassDescription");
    }
    return description.value();
  }
}
