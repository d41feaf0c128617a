package io.certsync.cdn.cloudapi;

import java.util.Objects;

/** A private key in PEM form on its way to the API. {@link #toString()} is redacted. */
public final class PrivateKeyPem {

  private final String pem;

  public PrivateKeyPem(String pem) {
    this.pem = Objects.requireNonNull(pem, "pem");
  }

  /** The PEM text, for the request that carries it and nothing else. */
  public String reveal() {
    return pem;
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
