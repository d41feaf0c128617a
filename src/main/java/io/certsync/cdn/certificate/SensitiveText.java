package io.certsync.cdn.certificate;

import java.util.Objects;

/**
 * Text that must never be printed, such as a private key in PEM form. {@link #toString()} is
 * redacted; only {@link #reveal()} returns the value, for the one place that sends it.
 */
public final class SensitiveText {

  private final String value;

  public SensitiveText(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The secret value itself; call only where it is sent to its destination. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
