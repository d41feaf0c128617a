package io.certsync.cdn.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Reads a certificate and key from PEM files or from a Secret manifest (YAML or JSON). */
final class PemFiles {

  /**
   * The bytes of tls.crt and tls.key (either may be null), and the Secret's type when read from
   * one.
   */
  record Pair(byte[] certificate, byte[] key, String secretType) {}

  private PemFiles() {}

  static Pair fromFiles(Path cert, Path key) throws IOException {
    return new Pair(Files.readAllBytes(cert), Files.readAllBytes(key), null);
  }

  static Pair fromSecretFile(Path file) throws IOException {
    Secret secret;
    try (InputStream in = Files.newInputStream(file)) {
      secret = Serialization.unmarshal(in, Secret.class);
    } catch (RuntimeException e) {
      throw new IOException(file + " is not a Secret in YAML or JSON");
    }
    if (secret == null) {
      throw new IOException(file + " is not a Secret in YAML or JSON");
    }
    return new Pair(value(secret, "tls.crt"), value(secret, "tls.key"), secret.getType());
  }

  private static byte[] value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      try {
        return Base64.getMimeDecoder().decode(data.get(key));
      } catch (IllegalArgumentException e) {
        return new byte[] {'?'};
      }
    }
    Map<String, String> stringData = secret.getStringData();
    return stringData != null && stringData.get(key) != null
        ? stringData.get(key).getBytes(StandardCharsets.UTF_8)
        : null;
  }
}
