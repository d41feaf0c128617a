package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the emulator, as Alibaba's gateway behaves: parses the RPC call, verifies the
 * signature, routes by Action and Version, counts the per-(account, action) limits on arrival,
 * injects the planned faults, records the call and answers JSON.
 */
final class ApiGateway {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final RequestSignatureVerifier verifier;
  private final AccountDirectory accounts;
  private final Map<String, ActionHandler> handlers;
  private final StsActions sts;
  private final FaultPlan faults;
  private final Map<String, Integer> limits;
  private final ArrivalRateLimiter rateLimiter = new ArrivalRateLimiter();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  ApiGateway(
      Clock clock,
      RequestSignatureVerifier verifier,
      AccountDirectory accounts,
      Map<String, ActionHandler> handlers,
      StsActions sts,
      FaultPlan faults,
      Map<String, Integer> limits) {
    this.clock = clock;
    this.verifier = verifier;
    this.accounts = accounts;
    this.handlers = handlers;
    this.sts = sts;
    this.faults = faults;
    this.limits = limits;
  }

  List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  int maxConcurrentCalls() {
    return maxInFlight.get();
  }

  void handle(HttpExchange exchange) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      answer(exchange);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    long arrival = System.nanoTime();
    Instant now = clock.instant();
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
    FaultPlan.RawAnswer raw = faults.rawAnswer(domain).orElse(null);
    if (raw != null) {
      record(now, action, null, null, query, null, raw.status(), "RawAnswer", requestId);
      byte[] bytes = raw.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(raw.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(bytes);
      }
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("RequestId", requestId);
    int status = 200;
    String errorCode = null;
    String fingerprint = null;
    String accessKeyId = null;
    CallerPrincipal caller = null;
    ApiCatalog.Product product = ApiCatalog.Product.CDN;
    try {
      if ("AssumeRoleWithOIDC".equals(query.get("Action"))) {
        product = ApiCatalog.Product.STS;
        action = "AssumeRoleWithOIDC";
        accessKeyId = sts.assumeRoleWithOidc(query, now, answer);
        caller = accounts.principalOf(accessKeyId);
      } else {
        RequestSignatureVerifier.Caller verified =
            verifier.verify(exchange.getRequestMethod(), query, headers, body);
        accessKeyId = verified.accessKeyId();
        action = verified.action();
        caller = accounts.principalOf(accessKeyId);
        ApiCatalog.Api api =
            ApiCatalog.find(action)
                .orElseThrow(
                    () ->
                        new EmulatorException(
                            404,
                            "InvalidAction.NotFound",
                            "Specified api is not found, please check your url and method."));
        product = api.product();
        String version = headers.getOrDefault("x-acs-version", query.get("Version"));
        if (!product.version.equals(version)) {
          throw new EmulatorException(
              400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if (faults.denied(action)) {
          throw new EmulatorException(
              403,
              "Forbidden.RAM",
              "User not authorized to operate on the specified resource, or this API doesn't"
                  + " support RAM.");
        }
        int limit = limits.getOrDefault(action, api.limit());
        if (!rateLimiter.admit(caller.accountId(), action, limit, arrival)) {
          throw new EmulatorException(
              400, "Throttling.User", "Request was denied due to user flow control.");
        }
        if (faults.fails()) {
          throw unavailable();
        }
        FaultPlan.ForcedError forced = faults.forcedError(domain).orElse(null);
        if (forced != null) {
          throw new EmulatorException(forced.status(), forced.code(), forced.message());
        }
        if (!isWrite(action) && faults.takeLostRead(domain)) {
          throw unavailable();
        }
        ApiCall call = new ApiCall(action, query, now, accessKeyId, caller, requestId);
        fingerprint = handlers.get(action).handle(call, answer);
        if (isWrite(action)) {
          faults.written(domain);
        }
        String after = isWrite(action) ? faults.takeErrorAfterApplying(domain).orElse(null) : null;
        if (after != null) {
          throw new EmulatorException(
              400, after, "The certificate has been uploaded; do not upload again.");
        }
      }
    } catch (EmulatorException e) {
      status = e.status;
      errorCode = e.code;
      answer = JSON.createObjectNode();
      answer.put("RequestId", requestId);
      answer.put("HostId", product.host);
      answer.put("Code", e.code);
      answer.put("Message", e.getMessage());
    }
    record(
        now,
        action,
        accessKeyId,
        caller == null ? null : caller.accountId(),
        query,
        errorCode == null ? fingerprint : null,
        status,
        errorCode,
        requestId);
    // a slow answer: the work is done, the answer is late (and may be lost to a client timeout)
    Duration delay =
        "AssumeRoleWithOIDC".equals(action) ? Duration.ZERO : faults.delay(isWrite(action));
    if (!delay.isZero()) {
      sleep(delay);
    }
    respond(exchange, status, answer);
  }

  private void record(
      Instant now,
      String action,
      String accessKeyId,
      String accountId,
      Map<String, String> query,
      String fingerprint,
      int status,
      String errorCode,
      String requestId) {
    boolean keySent =
        query.containsKey("SSLPri") || query.containsKey("PrivateKey") || query.containsKey("Key");
    String certName = query.containsKey("CertName") ? query.get("CertName") : query.get("Name");
    calls.add(
        new RecordedCall(
            now,
            action,
            accessKeyId,
            accountId,
            query.get("DomainName"),
            certName,
            fingerprint,
            keySent,
            status,
            errorCode,
            requestId));
  }

  private static EmulatorException unavailable() {
    return new EmulatorException(
        503,
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.");
  }

  private static boolean isWrite(String action) {
    return action != null && action.startsWith("Set");
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
}
