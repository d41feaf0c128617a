package io.certsync.cdn.reconciler;

import io.certsync.cdn.certificate.Fingerprints;

/** Names in the CDN certificate store: {@code <prefix>-<first 16 hex of the fingerprint>}. */
public final class CertNames {

  static final int MAX_LENGTH = 128;

  private CertNames() {}

  /** The name, with the prefix shortened so the whole stays within 128 characters. */
  public static String of(String prefix, String fingerprint) {
    String suffix = "-" + Fingerprints.shortForm(fingerprint);
    int room = MAX_LENGTH - suffix.length();
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + suffix;
  }
}
