package io.certsync.cdn.emulator;

/**
 * One entry of an account's certificate store, for tests: its id, name, leaf fingerprints (the
 * operator's {@code sha256:} form and CAS's SHA-1), how it got there and whether it was deleted.
 */
public record StoreEntry(
    String accountId,
    long id,
    String name,
    String fingerprint,
    String sha1Fingerprint,
    StoreOrigin origin,
    boolean deleted) {}
