package io.certsync.cdn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's Helm quick start, walked command by command as on a fresh cluster: every namespace a
 * command uses exists by then, and the Secret the chart is told to use was created first. The e2e
 * suite shows the same commands' objects on a real API server; this catches an order that cannot
 * work without one.
 */
class ReadmeQuickStartTest {

  static final Path README = Path.of("README.md");

  static List<String> quickStart() throws Exception {
    String readme = Files.readString(README);
    int section = readme.indexOf("**With Helm**");
    assertThat(section).as("README has a Helm quick start").isNotNegative();
    int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : readme.substring(start, end).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        commands.add(current.append(trimmed).toString());
        current.setLength(0);
      }
    }
    return commands;
  }

  @Test
  @DisplayName(
      "the README's Helm quick start creates each namespace before anything is put in it, the example's web namespace included")
  void namespacesExistBeforeUse() throws Exception {
    Set<String> namespaces = new HashSet<>(Set.of("default", "kube-system"));
    Set<String> secrets = new HashSet<>();
    List<String> commands = quickStart();
    assertThat(commands).anyMatch(c -> c.startsWith("helm install"));
    for (String command : commands) {
      List<String> words = Arrays.asList(command.split("\\s+"));
      String namespace = option(words, "-n");
      if (command.matches("kubectl create (namespace|ns) .*")) {
        namespaces.add(words.get(3));
      } else if (words.get(0).equals("helm")) {
        if (words.contains("--create-namespace")) {
          namespaces.add(namespace);
        }
        assertThat(namespaces).as(command).contains(namespace);
        for (String word : words) {
          if (word.startsWith("credentials.existingSecret=")) {
            assertThat(secrets)
                .as("the chart's Secret is created before " + command)
                .contains(namespace + "/" + word.substring(word.indexOf('=') + 1));
          }
        }
      } else if (words.get(0).equals("kubectl")) {
        if (namespace != null) {
          assertThat(namespaces).as(command).contains(namespace);
        }
        if (command.contains(" create secret ")) {
          secrets.add(namespace + "/" + words.get(words.indexOf("secret") + 2));
        }
        for (int i = 0; i < words.size(); i++) {
          if (words.get(i).equals("-f")) {
            for (HasMetadata object :
                HelmChartTest.parse(Files.readString(Path.of(words.get(i + 1))))) {
              if (object.getKind().equals("Namespace")) {
                namespaces.add(object.getMetadata().getName());
              } else if (object.getMetadata().getNamespace() != null) {
                assertThat(namespaces)
                    .as(command + ": " + object.getKind() + " " + object.getMetadata().getName())
                    .contains(object.getMetadata().getNamespace());
              }
            }
          }
        }
      }
    }
  }

  private static String option(List<String> words, String name) {
    int at = words.indexOf(name);
    return at < 0 ? null : words.get(at + 1);
  }
}
