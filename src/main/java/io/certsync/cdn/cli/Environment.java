package io.certsync.cdn.cli;

import io.certsync.cdn.cdn.CdnCredentials;
import java.util.Map;
import java.util.Optional;

/** Reads settings: a flag wins, else a non-empty environment variable. The only reader of the environment. */
record Environment(Map<String, String> variables) {

  Optional<String> value(String flag, String variable) {
    if (flag != null && !flag.isBlank()) {
      return Optional.of(flag.trim());
    }
    return Optional.ofNullable(variables.get(variable)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, if both keys are set. */
  Optional<CdnCredentials> defaultCredentials() {
    Optional<String> id = value(null, "ALIBABA_CLOUD_ACCESS_KEY_ID");
    Optional<String> secret = value(null, "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CdnCredentials(id.get(), secret.get(), value(null, "ALIBABA_CLOUD_SECURITY_TOKEN").orElse(null)));
  }
}
