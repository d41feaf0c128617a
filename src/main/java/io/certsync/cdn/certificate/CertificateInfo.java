package io.certsync.cdn.certificate;

import java.time.Instant;
import java.util.List;

/** Public facts about a leaf certificate. */
public record CertificateInfo(
    String fingerprint,
    String serialNumber,
    String subject,
    String issuer,
    Instant notBefore,
    Instant notAfter,
    List<String> dnsNames,
    String keyType) {}
