package io.ecugateway.stream.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * Keeps a WebSocket alive under the HTTP idle timeout ({@code http.idleTimeoutSeconds}), which
 * would otherwise close a dashboard that only receives while no data flows: the server pings every
 * half timeout (browsers and WebSocket libraries answer with a pong). A peer that has answered
 * nothing, neither pong nor message, for a whole timeout is gone (network cut, no FIN): its socket
 * is closed with 1001.
 */
final class WsKeepAlive {
  private static final Buffer PING = Buffer.buffer("ecugw");

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final long timeoutNanos;
  private long lastHeardNanos = System.nanoTime();
  private long timer = -1;
  private boolean paused;

  private WsKeepAlive(Vertx vertx, ServerWebSocket ws, long timeoutNanos) {
    this.vertx = vertx;
    this.ws = ws;
    this.timeoutNanos = timeoutNanos;
  }

  /** Starts pinging {@code ws}; call on its event loop. */
  static WsKeepAlive start(Vertx vertx, ServerWebSocket ws, int idleTimeoutSeconds) {
    WsKeepAlive k = new WsKeepAlive(vertx, ws, idleTimeoutSeconds * 1_000_000_000L);
    k.timer = vertx.setPeriodic(idleTimeoutSeconds * 500L, id -> k.tick());
    ws.pongHandler(b -> k.heard());
    return k;
  }

  /** Something arrived from the peer. */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /** While the server does not read the socket (back-pressure), its silence is not the peer's. */
  void paused(boolean paused) {
    this.paused = paused;
    heard();
  }

  /** The socket closed: stop pinging. */
  void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    if (ws.isClosed()) {
      stop();
    } else if (!paused && System.nanoTime() - lastHeardNanos > timeoutNanos) {
      stop();
      ws.close((short) 1001, "no pong or message within http.idleTimeoutSeconds");
    } else {
      ws.writePing(PING);
    }
  }
}
