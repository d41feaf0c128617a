package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret in the binding's namespace. */
public class SecretReference {

  @Required
  @JsonPropertyDescription("Name of a Secret in the binding's namespace.")
  private String name;

  public SecretReference() {}

  public SecretReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** A field this version does not know (from a newer CRD): ignored, and logged once. */
  @JsonAnySetter
  void ignoreUnknownField(String name, Object value) {
    UnknownFields.ignore("spec.credentialsSecretRef", name);
  }
}
