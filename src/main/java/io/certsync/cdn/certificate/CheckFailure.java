package io.certsync.cdn.certificate;

/** A failed pre-flight check: its reason and a message that never holds key material. */
public record CheckFailure(CheckReason reason, String message) {}
