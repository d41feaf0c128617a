package io.certsync.cdn.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /healthz} (the process runs) and {@code
 * /readyz} (the operator started and its informers are healthy).
 */
final class OperatorHttpServer implements AutoCloseable {

  private final HttpServer server;

  OperatorHttpServer(int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/healthz", e -> answer(e, 200, "ok\n", "text/plain; charset=utf-8"));
    server.createContext(
        "/readyz",
        e -> {
          boolean ok = ready.getAsBoolean();
          answer(e, ok ? 200 : 503, ok ? "ok\n" : "not ready\n", "text/plain; charset=utf-8");
        });
    server.createContext(
        "/metrics", e -> answer(e, 200, metrics.get(), "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String text, String type)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
