package io.certsync.cdn.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An Alibaba Cloud CDN, certificate store (CAS) and STS emulator on a real HTTP port: verifies V1
 * and V3 signatures, timestamps and nonces; enforces the per-account limits with {@code
 * Throttling.User}; keeps each account's certificate store as strict as users report it; records
 * every call; injects faults on demand.
 */
public final class CdnEmulator implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private final CertificateStore store = new CertificateStore();
  private final EmulatedCdn cdn;
  private final CasActions cas;
  private final StsActions sts;
  private final FaultPlan faults;
  private final ApiGateway gateway;

  private CdnEmulator(EmulatorSettings settings) throws IOException {
    RequestSignatureVerifier verifier =
        new RequestSignatureVerifier(Map.copyOf(settings.accessKeys), settings.clock);
    AccountDirectory accounts = new AccountDirectory(settings.keyAccounts);
    settings.storedCertificates.forEach(
        (id, pem) ->
            store.put(
                AccountDirectory.DEFAULT_ACCOUNT, id, "console-" + id, pem, StoreOrigin.CONSOLE));
    this.cdn = new EmulatedCdn(settings.domains, store);
    this.cas = new CasActions(store, cdn);
    this.sts = new StsActions(verifier, accounts, settings.oidcToken);
    this.faults = new FaultPlan(settings.seed, settings.failRate, settings.latency);
    limits.putAll(settings.limits);
    this.gateway =
        new ApiGateway(settings.clock, verifier, accounts, handlers(), sts, faults, limits);
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 128);
    // enough threads that answers delayed by an injected latency never queue requests: a request
    // is counted against the limits when a thread takes it, so a queue would bunch arrivals and
    // draw Throttling answers no real endpoint would give
    this.executor =
        Executors.newFixedThreadPool(
            256,
            r -> {
              Thread t = new Thread(r, "cdn-emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", gateway::handle);
  }

  private Map<String, ActionHandler> handlers() {
    return Map.of(
        "SetCdnDomainSSLCertificate", (call, answer) -> cdn.setCertificate(call, false),
        "SetDomainServerCertificate", (call, answer) -> cdn.setCertificate(call, true),
        "DescribeDomainCertificateInfo",
            (call, answer) -> {
              cdn.describe(call, answer);
              return null;
            },
        "UploadUserCertificate", cas::upload,
        "GetUserCertificateDetail", cas::detail,
        "ListUserCertificateOrder", cas::list,
        "DeleteUserCertificate", cas::delete,
        "ListCloudResources", cas::resources,
        "GetCallerIdentity", sts::callerIdentity);
  }

  /** Starts an emulator on the loopback address. */
  public static CdnEmulator start(EmulatorSettings settings) throws IOException {
    CdnEmulator emulator = new CdnEmulator(settings);
    emulator.server.start();
    return emulator;
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint of every emulated product (CDN, CAS, STS). */
  public String baseUrl() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- what happened, for tests and the benchmark ----

  public List<RecordedCall> calls() {
    return gateway.calls();
  }

  public List<RecordedCall> calls(Predicate<RecordedCall> filter) {
    return gateway.calls().stream().filter(filter).toList();
  }

  /** The calls of one action, e.g. {@code UploadUserCertificate}. */
  public List<RecordedCall> calls(String action) {
    return calls(c -> action.equals(c.action()));
  }

  /** Successful certificate uploads to a domain. */
  public long uploads(String domain) {
    return calls(c -> c.isUpload() && domain.equals(c.domain())).size();
  }

  /**
   * Successful writes that made the domain serve a certificate: uploads with the key, and bindings
   * of a stored certificate by its id.
   */
  public long certificateWrites(String domain) {
    return calls(
            c ->
                c.succeeded()
                    && c.fingerprint() != null
                    && c.action().startsWith("Set")
                    && domain.equals(c.domain()))
        .size();
  }

  /** Successful calls that carried a private key, CDN or CAS: how often a key left the cluster. */
  public long keyUploads() {
    return calls(RecordedCall::isKeyUpload).size();
  }

  public long writeCalls() {
    return calls(c -> c.action() != null && c.action().startsWith("Set")).size();
  }

  /** The most calls that were being answered at the same time. */
  public int maxConcurrentCalls() {
    return gateway.maxConcurrentCalls();
  }

  /** Every entry of every account's store, deleted ones included, oldest first. */
  public List<StoreEntry> storeEntries() {
    return store.entries();
  }

  /** Entries deleted while a domain or an outside resource still used them. */
  public List<DeletedInUse> deletedInUse() {
    return store.deletedInUse();
  }

  /** How many GetUserCertificateDetail answers carried a private key (no CertFilter=true). */
  public long keysReturned() {
    return cas.keysReturned();
  }

  // ---- arranging the world ----

  /**
   * An entry of the default account's store under this name, as left by an earlier run of the
   * operator; answers its id.
   */
  public long storeEntry(String name, String chainPem) {
    return storeEntry(AccountDirectory.DEFAULT_ACCOUNT, name, chainPem, StoreOrigin.CDN_UPLOAD);
  }

  /** An entry of an account's store, with how it got there; answers its id. */
  public long storeEntry(String accountId, String name, String chainPem, StoreOrigin origin) {
    return store.put(accountId, name, chainPem, origin).id();
  }

  /** A resource outside the emulated CDN (e.g. {@code "SLB", "lb-1"}) now uses the entry. */
  public void useOutside(long certId, String cloudProduct, String resource) {
    store.useOutside(certId, cloudProduct, resource);
  }

  public void addDomain(String name, DomainState state) {
    cdn.addDomain(name, state);
  }

  public void domainState(String name, DomainState state) {
    cdn.domainState(name, state);
  }

  /** The emulated domains, in the order they were added. */
  public List<String> domainNames() {
    return cdn.domainNames();
  }

  public DomainState domainState(String name) {
    return cdn.domainState(name);
  }

  /** What the domain serves: its leaf fingerprint, or null without HTTPS. */
  public String servedFingerprint(String domain) {
    return cdn.served(domain).map(e -> e.facts().fingerprint()).orElse(null);
  }

  /** The store id of what the domain serves, or null without HTTPS. */
  public Long servedCertId(String domain) {
    return cdn.served(domain).map(HeldCertificate::id).orElse(null);
  }

  /** When what the domain serves expires (ISO-8601), or null without HTTPS. */
  public String servedExpiry(String domain) {
    return cdn.served(domain).map(e -> e.facts().notAfter().toString()).orElse(null);
  }

  /** Sets what a domain serves, as a change in the console would. */
  public void serve(String domain, String certName, String certificatePem) {
    cdn.serve(domain, certName, certificatePem);
  }

  // ---- faults ----

  public void failRate(double rate) {
    faults.failRate(rate);
  }

  /** The OIDC token AssumeRoleWithOIDC accepts from now on, as after a rotation. */
  public void oidcToken(String token) {
    sts.oidcToken(token);
  }

  /** Every answer comes this late, after the work is done. */
  public void latency(Duration latency) {
    faults.latency(latency);
  }

  /**
   * Answers to write calls come this late, after the write is applied: a lost answer, for a client
   * that times out.
   */
  public void writeLatency(Duration latency) {
    faults.writeLatency(latency);
  }

  /** Answers every call for the domain with this error until cleared with a null code. */
  public void forceError(String domain, String code, int status, String message) {
    faults.forceError(
        domain, code == null ? null : new FaultPlan.ForcedError(code, status, message));
  }

  /** Changes a per-account limit while running, e.g. for a throttling storm. */
  public void limit(String action, int callsPerSecond) {
    limits.put(action, callsPerSecond);
  }

  /**
   * Answers every call for the domain with this status and raw body (not JSON, empty...) until
   * cleared with null.
   */
  public void rawAnswer(String domain, int status, String body) {
    faults.rawAnswer(domain, body == null ? null : new FaultPlan.RawAnswer(status, body));
  }

  /**
   * The next successful write to the domain is applied but answered with this error code, as when
   * an answer is lost and the retry finds the certificate already uploaded.
   */
  public void errorAfterApplying(String domain, String code) {
    faults.errorAfterApplying(domain, code);
  }

  /**
   * The next successful write to the domain is applied, and the read that follows it answers 503
   * once, as when the read-back after an upload is lost.
   */
  public void loseReadAfterWrite(String domain) {
    faults.loseReadAfterWrite(domain);
  }

  /**
   * Every caller's RAM policy lacks (true) or grants again (false) the action: its calls are
   * answered 403 {@code Forbidden.RAM}.
   */
  public void deny(String action, boolean denied) {
    faults.deny(action, denied);
  }

  /** CAS listings answer at most this many rows a page, whatever ShowSize asks. */
  public void casPageCap(int rows) {
    cas.pageCap(rows);
  }
}
