package io.certsync.cdn.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * How a renewal's domains are spread over bindings: each binding has its own Secret, whose
 * certificate covers its domains with one wildcard.
 */
record Layout(String label, List<List<String>> bindings) {

  Layout {
    bindings = bindings.stream().map(List::copyOf).toList();
  }

  /** {@code n} domains in bindings of 1, 2, ... 10 domains, then 1 again: a varied cluster. */
  static Layout mixed(int n) {
    List<List<String>> bindings = new ArrayList<>();
    for (int b = 0, left = n; left > 0; b++) {
      int size = Math.min(left, 1 + b % 10);
      bindings.add(domains("b" + b, size));
      left -= size;
    }
    return new Layout(n + " domains in bindings of 1 to 10", bindings);
  }

  /** {@code count} bindings of {@code each} domains. */
  static Layout uniform(String prefix, int count, int each) {
    List<List<String>> bindings = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      bindings.add(domains(prefix + b, each));
    }
    String label =
        each == 1
            ? count + " single-domain bindings"
            : count == 1 ? "one binding of " + each + " domains" : count + " bindings of " + each;
    return new Layout(label, bindings);
  }

  /** This layout's bindings, then the other's. */
  Layout plus(Layout other) {
    List<List<String>> all = new ArrayList<>(bindings);
    all.addAll(other.bindings);
    return new Layout(label + " with " + other.label, all);
  }

  int domainCount() {
    return bindings.stream().mapToInt(List::size).sum();
  }

  List<String> allDomains() {
    return bindings.stream().flatMap(List::stream).toList();
  }

  /** The DNS name the binding's certificate covers all of its domains with. */
  static String wildcard(List<String> binding) {
    String first = binding.get(0);
    return "*" + first.substring(first.indexOf('.'));
  }

  private static List<String> domains(String binding, int count) {
    List<String> domains = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      domains.add("d" + d + "." + binding + ".bench.example.com");
    }
    return domains;
  }
}
