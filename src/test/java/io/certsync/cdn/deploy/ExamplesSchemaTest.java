package io.certsync.cdn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sample bindings users copy (deploy/examples and the README) against the CRD's OpenAPI schema,
 * which the mock API server does not check. The CRD's two CEL rules are checked by hand.
 */
class ExamplesSchemaTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonSchema schema() throws Exception {
    JsonNode crd =
        YAML.readTree(Files.readString(Path.of("crds/cdncertificatebindings.certsync.io-v1.yml")));
    JsonNode openApi =
        crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  static List<JsonNode> bindings(String text) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.contains("kind: CdnCertificateBinding")) {
        found.add(YAML.readTree(doc));
      }
    }
    return found;
  }

  static List<String> problems(JsonSchema schema, JsonNode binding) {
    List<String> problems = new ArrayList<>();
    Set<ValidationMessage> messages = schema.validate(binding);
    messages.forEach(m -> problems.add(m.getMessage()));
    JsonNode spec = binding.path("spec");
    if (spec.has("secretName") == spec.has("certId")) {
      problems.add("set exactly one of secretName and certId");
    }
    if (spec.has("certId")
        && spec.has("api")
        && !spec.path("api").asText().equals("SetCdnDomainSSLCertificate")) {
      problems.add("certId needs api SetCdnDomainSSLCertificate");
    }
    return problems;
  }

  @Test
  @DisplayName("deploy/examples/binding.yaml validates against the CRD schema")
  void exampleBindingValidates() throws Exception {
    List<JsonNode> bindings = bindings(Files.readString(Path.of("deploy/examples/binding.yaml")));
    assertThat(bindings).hasSize(1);
    assertThat(problems(schema(), bindings.get(0))).isEmpty();
  }

  @Test
  @DisplayName("every CdnCertificateBinding in the README validates against the CRD schema")
  void readmeBindingsValidate() throws Exception {
    Matcher blocks =
        Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("README.md")));
    JsonSchema schema = schema();
    int checked = 0;
    while (blocks.find()) {
      for (JsonNode binding : bindings(blocks.group(1))) {
        assertThat(problems(schema, binding)).as(binding.toString()).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  @DisplayName(
      "the schema rejects what the contract forbids: no domains, 101 domains, an unknown api, a bad secret name")
  void schemaRejectsInvalidBindings() throws Exception {
    JsonSchema schema = schema();
    ObjectNode valid =
        (ObjectNode) bindings(Files.readString(Path.of("deploy/examples/binding.yaml"))).get(0);
    ObjectNode noDomains = valid.deepCopy();
    ((ObjectNode) noDomains.get("spec")).remove("domains");
    assertThat(problems(schema, noDomains)).isNotEmpty();
    ObjectNode tooMany = valid.deepCopy();
    var domains = ((ObjectNode) tooMany.get("spec")).putArray("domains");
    for (int i = 0; i < 101; i++) {
      domains.add("d" + i + ".example.com");
    }
    assertThat(problems(schema, tooMany)).isNotEmpty();
    ObjectNode badApi = valid.deepCopy();
    ((ObjectNode) badApi.get("spec")).put("api", "UploadCertificate");
    assertThat(problems(schema, badApi)).isNotEmpty();
    ObjectNode badName = valid.deepCopy();
    ((ObjectNode) badName.get("spec")).put("secretName", "Not_A_Name");
    assertThat(problems(schema, badName)).isNotEmpty();
    ObjectNode both = valid.deepCopy();
    ((ObjectNode) both.get("spec")).put("certId", 12);
    assertThat(problems(schema, both)).contains("set exactly one of secretName and certId");
  }
}
