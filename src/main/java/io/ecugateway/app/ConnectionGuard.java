package io.ecugateway.app;

import io.ecugateway.server.HttpConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits that Vert.x does not offer, shared by the HTTP servers of all event loops: a bound on open
 * connections ({@code http.maxConnections}; more are closed at once, so file descriptors cannot run
 * out and {@code /health} stays reachable), and a deadline for the headers of each request ({@code
 * http.requestTimeoutSeconds}; a client that opens a connection and sends headers slowly, or never,
 * is closed). Idle connections and stalled bodies are Vert.x's idle timeout.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final long LOG_EVERY_MS = 10_000;
  private static final long SWEEP_MS = 1000;

  private final int limit;
  private final long requestTimeoutNanos;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
  private final Counter rejected;
  private final Counter timeouts;
  private volatile long lastRejectLogMs;

  ConnectionGuard(Vertx vertx, HttpConfig http, MeterRegistry meters) {
    this.limit = http.connectionLimit();
    this.requestTimeoutNanos = http.requestTimeoutSeconds() * 1_000_000_000L;
    this.rejected =
        Counter.builder("ecugw.http.connections.rejected")
            .description("HTTP connections closed at once because http.maxConnections were open")
            .register(meters);
    this.timeouts =
        Counter.builder("ecugw.http.request.timeouts")
            .description("HTTP connections closed for not completing request headers in time")
            .register(meters);
    Gauge.builder("ecugw.http.connections", open, AtomicInteger::get)
        .description("Open HTTP connections")
        .register(meters);
    vertx.setPeriodic(SWEEP_MS, id -> sweep());
  }

  /** Serves {@code app} on {@code server} under the guard. */
  void install(HttpServer server, Handler<HttpServerRequest> app) {
    server.connectionHandler(this::opened);
    server.requestHandler(
        req -> {
          Watch w = watches.get(req.connection());
          if (w != null) {
            w.requestStarted(req);
          }
          app.handle(req);
        });
  }

  private void opened(HttpConnection conn) {
    if (open.incrementAndGet() > limit) {
      open.decrementAndGet();
      rejected.increment();
      long now = System.currentTimeMillis();
      if (now - lastRejectLogMs > LOG_EVERY_MS) {
        lastRejectLogMs = now;
        LOG.warn(
            "{} HTTP connections open (http.maxConnections): closing new ones from {}",
            limit,
            conn.remoteAddress());
      }
      conn.close();
      return;
    }
    watches.put(conn, new Watch(System.nanoTime()));
    conn.closeHandler(
        v -> {
          watches.remove(conn);
          open.decrementAndGet();
        });
  }

  /**
   * Closes connections that have waited longer than the request timeout for the headers of a
   * request. Response state is polled, so no handler of the application is replaced; the deadline
   * is kept to within one sweep period.
   */
  private void sweep() {
    long now = System.nanoTime();
    int[] closed = {0};
    watches.forEach(
        (conn, w) -> {
          if (w.upgraded) {
            return;
          }
          HttpServerRequest last = w.last;
          if (last != null && !last.response().ended() && !last.response().closed()) {
            w.waitingSinceNanos = now; // a request is being served: the next one is not late yet
          } else if (now - w.waitingSinceNanos > requestTimeoutNanos) {
            watches.remove(conn);
            timeouts.increment();
            closed[0]++;
            conn.close();
          }
        });
    if (closed[0] > 0) { // one line per sweep: a flood of idle connections is one event
      LOG.info(
          "closed {} HTTP connection(s) without complete request headers within {} s",
          closed[0],
          requestTimeoutNanos / 1_000_000_000L);
    }
  }

  /** What the sweep needs to know about one connection. */
  private static final class Watch {
    volatile long waitingSinceNanos;
    volatile HttpServerRequest last;
    volatile boolean upgraded;

    Watch(long openedNanos) {
      this.waitingSinceNanos = openedNanos;
    }

    void requestStarted(HttpServerRequest req) {
      last = req;
      upgraded |= req.headers().contains("Upgrade", "websocket", true);
    }
  }
}
