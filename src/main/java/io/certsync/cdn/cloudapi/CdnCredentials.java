package io.certsync.cdn.cloudapi;

import java.util.Objects;
import java.util.Optional;

/** An AccessKey pair, with an STS token when the key is temporary. Never printed in full. */
public record CdnCredentials(String accessKeyId, String accessKeySecret, String securityToken) {

  public CdnCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(accessKeySecret, "accessKeySecret");
  }

  public static CdnCredentials of(String accessKeyId, String accessKeySecret) {
    return new CdnCredentials(accessKeyId, accessKeySecret, null);
  }

  public Optional<String> token() {
    return Optional.ofNullable(securityToken).filter(t -> !t.isEmpty());
  }

  @Override
  public String toString() {
    return "CdnCredentials[accessKeyId="
        + accessKeyId
        + ", accessKeySecret=[REDACTED]"
        + (token().isPresent() ? ", securityToken=[REDACTED]" : "")
        + "]";
  }
}
