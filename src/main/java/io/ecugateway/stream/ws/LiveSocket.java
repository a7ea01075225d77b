package io.ecugateway.stream.ws;

import io.ecugateway.server.ConfigSections;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.stream.ClientRequest;
import io.ecugateway.stream.ClientRequest.InvalidRequestException;
import io.ecugateway.stream.LiveSession;
import io.ecugateway.stream.SessionOutput;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Predicate;

/**
 * One {@code /ws/live} client: JSON requests in, catalogue and batched samples out. Everything runs
 * on the socket's event loop. A bad request gets an {@code error} message and the connection stays
 * open; it never affects other clients.
 */
final class LiveSocket implements SessionOutput {
  private final ServerWebSocket ws;
  private final LiveHub.Local hub;
  private final LiveSession session;

  private LiveSocket(
      ServerWebSocket ws, LiveHub.Local hub, Predicate<String> deviceAllowed, int queueBytes) {
    this.ws = ws;
    this.hub = hub;
    this.session = new LiveSession(this, deviceAllowed);
    ws.setWriteQueueMaxSize(queueBytes);
  }

  /** Wires a freshly accepted socket; call on its event loop. */
  static void accept(
      ServerWebSocket ws, LiveHub hub, Predicate<String> deviceAllowed, ConfigSections config) {
    LiveHub.Local local = hub.local();
    LiveSocket s =
        new LiveSocket(
            ws, local, deviceAllowed, config.section(LiveConfig.class).clientQueueBytes());
    local.router.add(s.session);
    WsKeepAlive keepAlive =
        WsKeepAlive.start(
            Vertx.currentContext().owner(),
            ws,
            config.section(HttpConfig.class).idleTimeoutSeconds());
    ws.textMessageHandler(
        text -> {
          keepAlive.heard();
          s.onText(text);
        });
    ws.binaryMessageHandler(
        b -> {
          keepAlive.heard();
          s.onBinary(b);
        });
    ws.drainHandler(v -> local.router.resume(s.session, System.nanoTime()));
    ws.closeHandler(
        v -> {
          keepAlive.stop();
          local.router.remove(s.session);
        });
    ws.exceptionHandler(
        e -> WsFailures.close(ws, e, config.section(LiveConfig.class).maxMessageBytes()));
    s.send(s.session.catalogueJson(hub.catalogue()));
  }

  @Override
  public boolean writable() {
    return !ws.isClosed() && !ws.writeQueueFull();
  }

  @Override
  public void send(String text) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  private void onText(String text) {
    ClientRequest req;
    try {
      req = ClientRequest.parse(text);
    } catch (InvalidRequestException e) {
      error(e.getMessage(), e.requestId());
      return;
    }
    switch (req) {
      case ClientRequest.Subscribe s -> {
        try {
          session.subscribe(s.subscription());
        } catch (IllegalArgumentException e) {
          error(e.getMessage(), s.subscription().id());
          return;
        }
        hub.router.subscriptionsChanged();
        ack("subscribed", s.subscription().id());
      }
      case ClientRequest.Unsubscribe u -> {
        if (session.unsubscribe(u.id())) {
          hub.router.subscriptionsChanged();
          ack("unsubscribed", u.id());
        } else {
          error("no subscription with id \"" + u.id() + "\"", u.id());
        }
      }
      case ClientRequest.GetCatalogue c -> {
        // Never queued behind a full socket: sent once the client reads again.
        if (writable()) {
          send(session.catalogueJson(hub.router.catalogue()));
        } else {
          session.markCatalogueStale();
        }
      }
    }
  }

  private void onBinary(Buffer b) {
    error("binary messages are not understood on /ws/live: send JSON text", null);
  }

  private void ack(String type, String id) {
    StringBuilder sb = new StringBuilder("{\"type\":\"").append(type).append("\",\"id\":");
    send(quoted(sb, id).append('}').toString());
  }

  private void error(String message, String id) {
    StringBuilder sb = new StringBuilder("{\"type\":\"error\",\"error\":");
    quoted(sb, message);
    if (id != null) {
      quoted(sb.append(",\"id\":"), id);
    }
    // A client that sends requests but never reads gets no more replies once its queue is full.
    if (writable()) {
      send(sb.append('}').toString());
    }
  }

  private static StringBuilder quoted(StringBuilder sb, String s) {
    try {
      return sb.append(ClientRequest.MAPPER.writeValueAsString(s));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
