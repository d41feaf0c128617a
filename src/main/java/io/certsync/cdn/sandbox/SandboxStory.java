package io.certsync.cdn.sandbox;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.fixtures.NamespaceFixtures;
import io.certsync.cdn.fixtures.Polling;
import io.certsync.cdn.fixtures.Secrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sandbox's scripted story: first sync, an offline domain, a cert-manager renewal and a broken
 * Secret. Each step states what it expects and whether it happened.
 */
final class SandboxStory {

  static final String NAMESPACE = "web";
  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  static final String OFFLINE = "offline.example.com";
  static final String SHOP = "shop.example.com";

  private final KubernetesClient client;
  private final NamespaceFixtures fixtures;
  private final CdnEmulator emulator;
  private final LocalIssuer issuer;
  private final PrintWriter out;
  private final Duration stepTimeout;
  private final long startNanos;
  private int calls;
  private int passed;
  private int steps;

  SandboxStory(
      KubernetesClient client,
      CdnEmulator emulator,
      LocalIssuer issuer,
      PrintWriter out,
      Duration stepTimeout,
      long startNanos) {
    this.client = client;
    this.fixtures = new NamespaceFixtures(client, NAMESPACE);
    this.emulator = emulator;
    this.issuer = issuer;
    this.out = out;
    this.stepTimeout = stepTimeout;
    this.startNanos = startNanos;
  }

  /** Runs every step; true if each ended as expected. */
  boolean run() throws Exception {
    step(
        "1. cert-manager writes Secret web/www-tls; deploy/examples/binding.yaml is applied",
        "www Ready=True Synced, one upload to each of www and static");
    secret("www-tls", issue(WWW, STATIC));
    applyExample("binding.yaml");
    boolean ok = await(() -> readyIs("www", "True", "Synced"));
    if (ok) {
      out.printf(
          "   first Synced %.1f s after the sandbox started%n",
          (System.nanoTime() - startNanos) / 1e9);
    }
    verdict(ok && emulator.certificateWrites(WWW) == 1 && emulator.certificateWrites(STATIC) == 1);

    step(
        "2. a binding for a CDN domain that is offline", "legacy Ready=False InvalidDomainOffline");
    secret("legacy-tls", issue(OFFLINE));
    binding("legacy", "legacy-tls", OFFLINE);
    verdict(await(() -> readyIs("legacy", "False", "InvalidDomainOffline")));

    step("3. cert-manager renews web/www-tls", "exactly one more upload to each of www and static");
    LocalIssuer.Issued renewal = issue(WWW, STATIC);
    String renewed = Fingerprints.of(renewal.certificate());
    secret("www-tls", renewal);
    ok =
        await(
            () ->
                renewed.equals(emulator.servedFingerprint(WWW))
                    && renewed.equals(emulator.servedFingerprint(STATIC))
                    && readyIs("www", "True", "Synced"));
    Thread.sleep(500);
    verdict(ok && emulator.certificateWrites(WWW) == 2 && emulator.certificateWrites(STATIC) == 2);

    step(
        "4. a broken Secret: web/shop-tls holds a key that belongs to another certificate",
        "shop Ready=False KeyPairMismatch, no API call for shop");
    secret("shop-tls", issue(SHOP).chainPem(), issue(SHOP).keyPem().reveal());
    binding("shop", "shop-tls", SHOP);
    ok = await(() -> readyIs("shop", "False", "KeyPairMismatch"));
    verdict(ok && emulator.calls(c -> SHOP.equals(c.domain())).isEmpty());

    out.printf("%nstory: %d/%d steps as expected%n", passed, steps);
    out.flush();
    return passed == steps;
  }

  /** Prints the tables and the API calls made since the last print. */
  void show() {
    out.println();
    out.print(
        SandboxTables.bindings(
            client.resources(CdnCertificateBinding.class).inAnyNamespace().list().getItems()));
    out.println();
    out.print(SandboxTables.cdn(emulator));
    List<RecordedCall> all = emulator.calls();
    if (all.size() > calls) {
      out.println();
      out.println("API calls:");
      for (RecordedCall c : all.subList(calls, all.size())) {
        out.printf(
            "  %s %-30s %-22s %s%n",
            c.time().toString().substring(11, 19),
            c.action(),
            c.domain(),
            c.succeeded()
                ? "OK (RequestId " + c.requestId() + ")"
                : c.errorCode() + " (RequestId " + c.requestId() + ")");
      }
      calls = all.size();
    }
    out.flush();
  }

  private void step(String title, String expectation) {
    steps++;
    out.println();
    out.println("== " + title);
    out.println("   expected: " + expectation);
    out.flush();
  }

  private void verdict(boolean ok) {
    show();
    out.println(ok ? "   -> as expected" : "   -> NOT as expected");
    out.flush();
    if (ok) {
      passed++;
    }
  }

  private boolean await(BooleanSupplier condition) throws InterruptedException {
    return Polling.await(condition, stepTimeout, 100) >= 0;
  }

  private boolean readyIs(String name, String status, String reason) {
    return fixtures
        .ready(name)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }

  private void secret(String name, String chain, String key) {
    fixtures.apply(
        Secrets.tls(NAMESPACE, name, chain, key)
            .editMetadata()
            .addToAnnotations("cert-manager.io/certificate-name", name.replace("-tls", ""))
            .endMetadata()
            .build());
  }

  private void secret(String name, LocalIssuer.Issued issued) {
    secret(name, issued.chainPem(), issued.keyPem().reveal());
  }

  private LocalIssuer.Issued issue(String... names) {
    return issuer.issue(Duration.ofDays(90), names);
  }

  private void binding(String name, String secretName, String... domains) {
    fixtures.createBinding(name, secretName, List.of(domains));
  }

  private void applyExample(String file) throws Exception {
    try (InputStream in = SandboxStory.class.getResourceAsStream("/examples/" + file)) {
      if (in == null) {
        throw new IllegalStateException("example " + file + " is missing from the jar");
      }
      client.load(in).inNamespace(NAMESPACE).create();
    }
  }
}
