package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An Alibaba Cloud CDN API emulator on a real HTTP port: verifies V1 and V3 signatures, timestamps
 * and nonces; enforces the per-account limits with {@code Throttling.User}; validates uploaded
 * certificates and keys and answers with the documented error codes; serves
 * DescribeDomainCertificateInfo from what it holds; records every call; injects faults on demand.
 */
public final class CdnEmulator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorSettings settings;
  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestSignatureVerifier verifier;
  private final EmulatedCdn cdn;
  private final ArrivalRateLimiter rateLimiter = new ArrivalRateLimiter();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String[]> forcedErrors = new ConcurrentHashMap<>();
  private final Map<String, String> errorsAfterApplying = new ConcurrentHashMap<>();
  private final Map<String, String[]> rawAnswers = new ConcurrentHashMap<>();
  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Random random;
  private volatile String oidcToken;
  private volatile double failRate;
  private volatile Duration latency;
  private volatile Duration writeLatency = Duration.ZERO;

  private CdnEmulator(EmulatorSettings settings) throws IOException {
    this.settings = settings;
    this.verifier = new RequestSignatureVerifier(Map.copyOf(settings.accessKeys), settings.clock);
    this.random = new Random(settings.seed);
    this.failRate = settings.failRate;
    this.oidcToken = settings.oidcToken;
    this.latency = settings.latency;
    this.cdn = new EmulatedCdn(settings.domains, settings.storedCertificates);
    limits.putAll(settings.limits);
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 128);
    this.executor =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "cdn-emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts an emulator on the loopback address. */
  public static CdnEmulator start(EmulatorSettings settings) throws IOException {
    CdnEmulator emulator = new CdnEmulator(settings);
    emulator.server.start();
    return emulator;
  }

  /** {@code http://127.0.0.1:<port>}. */
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

  // ---- control, for tests and the sandbox ----

  public List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  public List<RecordedCall> calls(Predicate<RecordedCall> filter) {
    return calls.stream().filter(filter).toList();
  }

  /** Successful certificate uploads to a domain. */
  public long uploads(String domain) {
    return calls.stream().filter(c -> c.isUpload() && domain.equals(c.domain())).count();
  }

  public long writeCalls() {
    return calls.stream().filter(c -> c.action().startsWith("Set")).count();
  }

  public void clearCalls() {
    calls.clear();
  }

  public void failRate(double rate) {
    this.failRate = rate;
  }

  /** The OIDC token AssumeRoleWithOIDC accepts from now on, as after a rotation. */
  public void oidcToken(String token) {
    this.oidcToken = token;
  }

  /** Every answer comes this late, after the work is done. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  /**
   * Answers to write calls come this late, after the write is applied: a lost answer, for a client
   * that times out.
   */
  public void writeLatency(Duration latency) {
    this.writeLatency = latency;
  }

  /** Answers every call for the domain with this error until cleared with a null code. */
  public void forceError(String domain, String code, int status, String message) {
    if (code == null) {
      forcedErrors.remove(domain);
    } else {
      forcedErrors.put(domain, new String[] {code, String.valueOf(status), message});
    }
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
    if (body == null) {
      rawAnswers.remove(domain);
    } else {
      rawAnswers.put(domain, new String[] {String.valueOf(status), body});
    }
  }

  /**
   * The next successful write to the domain is applied but answered with this error code, as when
   * an answer is lost and the retry finds the certificate already uploaded.
   */
  public void errorAfterApplying(String domain, String code) {
    errorsAfterApplying.put(domain, code);
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
    return cdn.servedFingerprint(domain);
  }

  public String servedExpiry(String domain) {
    return cdn.servedExpiry(domain);
  }

  /** Sets what a domain serves, as a change in the console would. */
  public void serve(String domain, String certName, String certificatePem) {
    cdn.serve(domain, certName, certificatePem);
  }

  // ---- HTTP ----

  /** The most calls that were being answered at the same time. */
  public int maxConcurrentCalls() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      answer(exchange);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    long arrival = System.nanoTime();
    Instant now = settings.clock.instant();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
    if (body.length > 0 && isForm(exchange)) {
      parseQuery(new String(body, StandardCharsets.UTF_8)).forEach(query::putIfAbsent);
    }
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String action = headers.getOrDefault("x-acs-action", query.get("Action"));
    String domain = query.get("DomainName");
    String accessKeyId = null;
    String[] raw = domain == null ? null : rawAnswers.get(domain);
    if (raw != null) {
      calls.add(
          new RecordedCall(
              now,
              action,
              null,
              domain,
              null,
              null,
              false,
              Integer.parseInt(raw[0]),
              "RawAnswer",
              requestId));
      byte[] bytes = raw[1].getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(Integer.parseInt(raw[0]), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(bytes);
      }
      return;
    }
    ObjectNode answer;
    int status = 200;
    String errorCode = null;
    String fingerprint = null;
    try {
      if ("AssumeRoleWithOIDC".equals(query.get("Action"))) {
        answer = assumeRoleWithOidc(query, now, requestId);
        action = "AssumeRoleWithOIDC";
        accessKeyId = answer.path("Credentials").path("AccessKeyId").asText();
        calls.add(
            new RecordedCall(now, action, null, null, null, null, false, 200, null, requestId));
        respond(exchange, 200, answer);
        return;
      }
      RequestSignatureVerifier.Caller caller =
          verifier.verify(exchange.getRequestMethod(), query, headers, body);
      accessKeyId = caller.accessKeyId();
      action = caller.action();
      String version = headers.getOrDefault("x-acs-version", query.get("Version"));
      if (!"2018-05-10".equals(version)) {
        throw new EmulatorException(
            400, "InvalidVersion", "Specified parameter Version is not valid.");
      }
      Integer limit = action == null ? null : limits.get(action);
      if (limit == null) {
        throw new EmulatorException(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.");
      }
      if (!rateLimiter.admit(accessKeyId, action, limit, arrival)) {
        throw new EmulatorException(
            400, "Throttling.User", "Request was denied due to user flow control.");
      }
      if (failRate > 0 && nextDouble() < failRate) {
        throw new EmulatorException(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.");
      }
      String[] forced = domain == null ? null : forcedErrors.get(domain);
      if (forced != null) {
        throw new EmulatorException(Integer.parseInt(forced[1]), forced[0], forced[2]);
      }
      answer = JSON.createObjectNode();
      answer.put("RequestId", requestId);
      switch (action) {
        case "SetCdnDomainSSLCertificate" ->
            fingerprint = cdn.setCertificate(query, now, "SSLProtocol", "SSLPub", "SSLPri");
        case "SetDomainServerCertificate" ->
            fingerprint =
                cdn.setCertificate(
                    query, now, "ServerCertificateStatus", "ServerCertificate", "PrivateKey");
        case "DescribeDomainCertificateInfo" -> cdn.describe(query, answer);
        default ->
            throw new EmulatorException(
                404, "InvalidAction.NotFound", "Specified api is not found.");
      }
      String after =
          domain == null || !action.startsWith("Set") ? null : errorsAfterApplying.remove(domain);
      if (after != null) {
        throw new EmulatorException(
            400, after, "The certificate has been uploaded; do not upload again.");
      }
    } catch (EmulatorException e) {
      status = e.status;
      errorCode = e.code;
      answer = JSON.createObjectNode();
      answer.put("RequestId", requestId);
      answer.put("HostId", "cdn.aliyuncs.com");
      answer.put("Code", e.code);
      answer.put("Message", e.getMessage());
    }
    calls.add(
        new RecordedCall(
            now,
            action,
            accessKeyId,
            domain,
            query.get("CertName"),
            errorCode == null ? fingerprint : null,
            query.containsKey("SSLPri") || query.containsKey("PrivateKey"),
            status,
            errorCode,
            requestId));
    // a slow answer: the work is done, the answer is late (and may be lost to a client timeout)
    Duration delay =
        action != null && action.startsWith("Set") && !writeLatency.isZero()
            ? writeLatency
            : latency;
    if (!delay.isZero()) {
      sleep(delay);
    }
    respond(exchange, status, answer);
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode answer)
      throws IOException {
    byte[] out = JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  /** STS AssumeRoleWithOIDC: anonymous; issues a temporary key the CDN actions then accept. */
  private ObjectNode assumeRoleWithOidc(Map<String, String> q, Instant now, String requestId)
      throws EmulatorException {
    String roleArn = EmulatedCdn.required(q, "RoleArn");
    EmulatedCdn.required(q, "OIDCProviderArn");
    String token = EmulatedCdn.required(q, "OIDCToken");
    String expected = oidcToken;
    if (expected == null || !expected.equals(token)) {
      throw new EmulatorException(
          400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.");
    }
    long seconds = Long.parseLong(q.getOrDefault("DurationSeconds", "3600"));
    if (seconds < 900) {
      throw new EmulatorException(
          400, "InvalidParameter.DurationSeconds", "DurationSeconds must be at least 900.");
    }
    String id = "STS." + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String secret = UUID.randomUUID().toString().replace("-", "");
    String stsToken = "CAIS" + UUID.randomUUID().toString().replace("-", "") + "/+=";
    Instant expiration =
        now.plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    verifier.addTemporaryKey(id, secret, stsToken, expiration);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("RequestId", requestId);
    ObjectNode c = answer.putObject("Credentials");
    c.put("AccessKeyId", id);
    c.put("AccessKeySecret", secret);
    c.put("SecurityToken", stsToken);
    c.put("Expiration", expiration.toString());
    answer
        .putObject("AssumedRoleUser")
        .put("Arn", roleArn + "/" + q.getOrDefault("RoleSessionName", "session"));
    return answer;
  }

  private synchronized double nextDouble() {
    return random.nextDouble();
  }

  private static boolean isForm(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Names of the calls made, for a short log. */
  public List<String> callLog() {
    List<String> lines = new ArrayList<>();
    for (RecordedCall c : calls) {
      lines.add(
          c.time()
              + " "
              + c.action()
              + " "
              + c.domain()
              + " -> "
              + (c.succeeded() ? "OK" : c.errorCode()));
    }
    return lines;
  }
}
