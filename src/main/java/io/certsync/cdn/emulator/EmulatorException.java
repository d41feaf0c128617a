package io.certsync.cdn.emulator;

/** An error answer of the emulated API. */
final class EmulatorException extends Exception {

  final int status;
  final String code;

  EmulatorException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
