package io.certsync.cdn.cloudapi;

import java.time.Instant;

/**
 * An entry of the certificate store, as CAS reports it: its id and name, the leaf's SHA-1
 * fingerprint (40 upper-case hex, as CAS gives it), serial number in lower-case hex without leading
 * zeros (as {@code BigInteger.toString(16)} writes it), and validity; fields CAS did not answer are
 * null. Never key material.
 */
public record StoredCertificate(
    long id, String name, String sha1Fingerprint, String serialNumber, Instant notAfter) {}
