package io.certsync.cdn.sandbox;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.emulator.CdnEmulator;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders what the sandbox shows: bindings as kubectl would, and what each emulated domain serves.
 */
final class SandboxTables {

  private SandboxTables() {}

  static String bindings(List<CdnCertificateBinding> bindings) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "NAMESPACE", "NAME", "READY", "REASON", "DOMAINS", "SECRET", "EXPIRES", "MESSAGE"
        });
    for (CdnCertificateBinding b : bindings) {
      Condition ready = b.getStatus() == null ? null : b.getStatus().readyCondition().orElse(null);
      rows.add(
          new String[] {
            b.getMetadata().getNamespace(),
            b.getMetadata().getName(),
            ready == null ? "" : ready.getStatus(),
            ready == null ? "" : ready.getReason(),
            b.getStatus() == null || b.getStatus().getSyncedDomains() == null
                ? ""
                : b.getStatus().getSyncedDomains(),
            b.getSpec().getSecretName(),
            b.getStatus() == null || b.getStatus().getCertificate() == null
                ? ""
                : b.getStatus().getCertificate().getNotAfter(),
            ready == null ? "" : shorten(ready.getMessage(), 90)
          });
    }
    return table(rows);
  }

  static String cdn(CdnEmulator emulator) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CDN DOMAIN", "STATE", "HTTPS", "SERVES", "EXPIRES"});
    for (String domain : emulator.domainNames()) {
      String fp = emulator.servedFingerprint(domain);
      rows.add(
          new String[] {
            domain,
            emulator.domainState(domain).name(),
            fp == null ? "off" : "on",
            fp == null ? "" : fp.substring(0, Math.min(fp.length(), 23)) + "...",
            fp == null ? "" : emulator.servedExpiry(domain)
          });
    }
    return table(rows);
  }

  static String table(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i] == null ? 0 : row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row[i] == null ? "" : row[i];
        line.append(cell).append(" ".repeat(width[i] - cell.length() + (i == columns - 1 ? 0 : 2)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
