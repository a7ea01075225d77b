package io.ecugateway.stream.ws;

import io.ecugateway.pipeline.DeviceDecoding;
import io.ecugateway.server.ConfigSections;
import io.ecugateway.server.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /ws/ingest/{device}}: text messages carry candump lines (one or more, each message ends at
 * a line end), binary messages carry frame batches in the {@code LiveFrameCodec} encoding. Bad
 * lines or records are skipped and reported back as {@code {"type":"error",...}} text messages.
 */
final class IngestSocket implements IngestConnection.Transport {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final ServerWebSocket ws;
  private final WsKeepAlive keepAlive;

  private IngestSocket(ServerWebSocket ws, int idleTimeoutSeconds) {
    this.ws = ws;
    this.keepAlive = WsKeepAlive.start(Vertx.currentContext().owner(), ws, idleTimeoutSeconds);
  }

  static void accept(
      ServerWebSocket ws,
      String device,
      LiveHub hub,
      DeviceDecoding decoding,
      LiveStore store,
      ConfigSections config) {
    IngestSocket t = new IngestSocket(ws, config.section(HttpConfig.class).idleTimeoutSeconds());
    IngestConnection c =
        new IngestConnection(
            Vertx.currentContext(),
            hub,
            device,
            "ws:/ws/ingest/" + device + "#" + COUNTER.incrementAndGet(),
            decoding,
            store,
            t);
    ws.textMessageHandler(
        text -> {
          t.keepAlive.heard();
          c.text(lines(text));
        });
    ws.binaryMessageHandler(
        b -> {
          t.keepAlive.heard();
          c.binary(b.getBytes());
        });
    ws.closeHandler(
        v -> {
          t.keepAlive.stop();
          c.end();
        });
    ws.exceptionHandler(
        e -> WsFailures.close(ws, e, config.section(LiveConfig.class).maxMessageBytes()));
  }

  /** The message as bytes ending with a line break, so no line spans two messages. */
  private static byte[] lines(String text) {
    return text.endsWith("\n")
        ? text.getBytes(StandardCharsets.UTF_8)
        : (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void pause() {
    keepAlive.paused(true);
    ws.pause();
  }

  @Override
  public void resume() {
    keepAlive.paused(false);
    ws.resume();
  }

  @Override
  public void warn(String text) {
    if (!ws.isClosed() && !ws.writeQueueFull()) {
      ws.writeTextMessage(
          "{\"type\":\"error\",\"error\":" + io.vertx.core.json.Json.encode(text) + "}");
    }
  }

  @Override
  public void fail(String reason) {
    if (!ws.isClosed()) {
      ws.close((short) 1011, reason.length() > 120 ? reason.substring(0, 120) : reason);
    }
  }
}
