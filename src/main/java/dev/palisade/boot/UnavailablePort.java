package dev.palisade.boot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.UnavailableAnswers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.springframework.core.env.Environment;

/**
 * The HTTP port while the application waits for its database: every request answers 503 with {@code
 * Retry-After} (an RFC 9457 problem for the API, a page for browsers) and {@code /actuator/health}
 * the health it is given, so load balancers and operators see what is going on. Opened on the
 * configured {@code server.address}/{@code server.port}, released before the application takes it.
 *
 * <p>Thread-safe; two daemon threads answer.
 */
final class UnavailablePort {

  private final HttpServer http;

  private UnavailablePort(HttpServer http) {
    this.http = http;
  }

  /** Opens the port; {@code health} is the JSON body {@code /actuator/health} answers. */
  static UnavailablePort open(Environment environment, String health) throws IOException {
    String address = environment.getProperty("server.address", "0.0.0.0");
    int port = environment.getProperty("server.port", Integer.class, 8080);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 50);
    byte[] healthBody = health.getBytes(StandardCharsets.UTF_8);
    http.createContext("/", exchange -> answer(exchange, healthBody));
    http.setExecutor(
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "palisade-standby-http");
              thread.setDaemon(true);
              return thread;
            }));
    http.start();
    return new UnavailablePort(http);
  }

  /** Where it listens. */
  InetSocketAddress address() {
    return http.getAddress();
  }

  /** Releases the port at once. */
  void close() {
    http.stop(0);
  }

  private static void answer(HttpExchange exchange, byte[] health) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    String type;
    if (path.startsWith("/actuator/health")) {
      body = health;
      type = "application/json";
    } else if (UnavailableAnswers.wantsProblem(
        path, exchange.getRequestHeaders().getFirst("Accept"))) {
      body = UnavailableAnswers.problem(path).getBytes(StandardCharsets.UTF_8);
      type = "application/problem+json";
    } else {
      body = UnavailableAnswers.page("").getBytes(StandardCharsets.UTF_8);
      type = "text/html;charset=UTF-8";
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange
        .getResponseHeaders()
        .set("Retry-After", String.valueOf(DatabaseStatus.RETRY_AFTER_SECONDS));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(503, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
