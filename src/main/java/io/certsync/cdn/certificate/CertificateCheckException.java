package io.certsync.cdn.certificate;

/** Thrown inside this package when input fails a check; carries a key-free message. */
public final class CertificateCheckException extends Exception {

  private final CheckReason reason;

  public CertificateCheckException(CheckReason reason, String message) {
    // no cause on purpose: a parser's cause may quote the input
    super(message, null, false, false);
    this.reason = reason;
  }

  public CheckFailure toFailure() {
    return new CheckFailure(reason, getMessage());
  }
}
