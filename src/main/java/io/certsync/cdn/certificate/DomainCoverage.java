package io.certsync.cdn.certificate;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a certificate's DNS names cover a CDN domain. A SAN {@code *.example.com} covers
 * one label under example.com and the CDN wildcard domain {@code .example.com}, the form Alibaba
 * Cloud CDN uses for wildcard domains.
 */
public final class DomainCoverage {

  private DomainCoverage() {}

  /** Lower-cased, without a trailing dot. */
  public static String normalize(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  public static boolean covers(List<String> dnsNames, String domain) {
    String d = normalize(domain);
    for (String raw : dnsNames) {
      String name = normalize(raw);
      if (name.equals(d)) {
        return true;
      }
      if (name.startsWith("*.")) {
        String parent = name.substring(1); // ".example.com"
        if (d.equals(parent)) {
          return true; // CDN wildcard domain ".example.com"
        }
        if (d.endsWith(parent)) {
          String label = d.substring(0, d.length() - parent.length());
          if (!label.isEmpty() && !label.contains(".") && !label.equals("*")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
