package io.certsync.cdn.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Serves {@code /healthz} (the process runs) and {@code /readyz} (informers started and healthy). */
final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  HealthServer(int port, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/healthz", e -> answer(e, true));
    server.createContext("/readyz", e -> answer(e, ready.getAsBoolean()));
    server.start();
  }

  private static void answer(HttpExchange exchange, boolean ok) throws IOException {
    byte[] body = (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
