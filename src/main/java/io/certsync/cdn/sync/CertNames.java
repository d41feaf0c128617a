package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.Fingerprints;

/** Names in the CDN certificate store: {@code <prefix>-<first 16 hex of the fingerprint>}. */
public final class CertNames {

  /** The store takes 63 characters in every API version (docs say 128, 64 or 63). */
  static final int MAX_LENGTH = 63;

  private CertNames() {}

  /**
   * The name a binding gives a certificate: its {@code certNamePrefix}, by default {@code
   * <namespace>-<secretName>}.
   */
  static String of(CdnCertificateBinding binding, String fingerprint) {
    String prefix = binding.getSpec().getCertNamePrefix();
    if (prefix == null || prefix.isBlank()) {
      prefix = binding.getMetadata().getNamespace() + "-" + binding.getSpec().getSecretName();
    }
    return of(prefix, fingerprint);
  }

  /** The name, with the prefix shortened so the whole stays within 63 characters. */
  public static String of(String prefix, String fingerprint) {
    String suffix = "-" + Fingerprints.shortForm(fingerprint);
    int room = MAX_LENGTH - suffix.length();
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + suffix;
  }
}
