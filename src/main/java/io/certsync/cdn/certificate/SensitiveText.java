package io.certsync.cdn.certificate;

/**
 * Text that must never be printed, such as a private key in PEM form. {@link #toString()} is
 * redacted; only {@link #reveal()} returns the value, for the one place that sends it.
 */
public final class SensitiveText {

  private final String value;

  public SensitiveText(String value) {
    this.value = java.util.Objects.requireNonNull(value, "value");
  }

  /** The secret value itself; call only where it is sent to its destination. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
