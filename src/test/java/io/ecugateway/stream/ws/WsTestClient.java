package io.ecugateway.stream.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A java.net.http WebSocket client that queues every text message as JSON (with its arrival). */
final class WsTestClient implements WebSocket.Listener, AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Received(JsonNode json, long nanoTime, long wallMicros) {}

  final LinkedBlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  final WebSocket ws;
  volatile boolean closed;
  volatile int closeCode = -1;
  private final StringBuilder partial = new StringBuilder();

  WsTestClient(String url) throws Exception {
    this(url, null);
  }

  WsTestClient(String url, String origin) throws Exception {
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
    if (origin != null) {
      b.header("Origin", origin);
    }
    ws = b.buildAsync(URI.create(url), this).get(40, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      long now = System.nanoTime();
      long wall = System.currentTimeMillis() * 1000;
      try {
        messages.add(new Received(JSON.readTree(partial.toString()), now, wall));
      } catch (Exception e) {
        throw new IllegalStateException("server sent invalid JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode = statusCode;
    closed = true;
    return null;
  }

  void send(String text) throws Exception {
    ws.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  void sendBinary(byte[] bytes) throws Exception {
    ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
  }

  void subscribe(String id, String device, String message, String signal, double rate)
      throws Exception {
    send(
        String.format(
            "{\"type\":\"subscribe\",\"id\":\"%s\",\"device\":\"%s\",\"messages\":[\"%s\"],"
                + "\"signals\":[\"%s\"],\"maxRate\":%s}",
            id, device, message, signal, rate));
    await(m -> m.path("type").asText().equals("subscribed") && m.path("id").asText().equals(id), 5);
  }

  /** Waits for (and removes) the first message matching {@code p}; fails after the timeout. */
  JsonNode await(Predicate<JsonNode> p, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      Received r = messages.poll(50, TimeUnit.MILLISECONDS);
      if (r != null && p.test(r.json())) {
        return r.json();
      }
    }
    throw new AssertionError("no matching message within " + seconds + " s");
  }

  /** Every sample object received so far (removes the messages). */
  List<Received> drainSamples() {
    List<Received> out = new ArrayList<>();
    List<Received> all = new ArrayList<>();
    messages.drainTo(all);
    for (Received r : all) {
      if (r.json().path("type").asText().equals("samples")) {
        for (JsonNode s : r.json().get("samples")) {
          out.add(new Received(s, r.nanoTime(), r.wallMicros()));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    ws.abort();
  }
}
