package io.ecugateway.stream.ws;

import io.ecugateway.pipeline.DeviceDecoding;
import io.ecugateway.server.DeviceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw TCP listener for candump lines, for {@code candump -L can0 | nc gateway 29536} or a small
 * bridge on the vehicle. The first line is {@code HELLO <device> [<token>]}; the server answers
 * {@code OK} or {@code ERROR <reason>} (and closes). Then every line is a candump line. Bad lines
 * are skipped and answered with {@code WARN <text>} lines (rate-limited).
 */
final class TcpIngest {
  private static final Pattern HELLO = Pattern.compile("HELLO (\\S{1,1024})(?: (\\S{1,512}))?\\s*");
  private static final int MAX_HELLO = 1024;

  /** Longest partial line kept between reads; longer ones are passed on and reported. */
  private static final int MAX_PARTIAL = 16 * 1024;

  private final Vertx vertx;
  private final LiveHub hub;
  private final Function<String, DeviceDecoding> decoders;
  private final LiveStore store;
  private final BiPredicate<String, String> mayAccess;
  private final Limits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter rejected;
  private NetServer server;

  /**
   * @param idleTimeoutSeconds a connection with no traffic for this long is closed
   * @param helloTimeoutSeconds the HELLO line must arrive within this time of connecting
   * @param maxConnections open connections at most; more are closed at once and counted
   */
  record Limits(int idleTimeoutSeconds, int helloTimeoutSeconds, int maxConnections) {}

  TcpIngest(
      Vertx vertx,
      LiveHub hub,
      Function<String, DeviceDecoding> decoders,
      LiveStore store,
      BiPredicate<String, String> mayAccess,
      Limits limits,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.hub = hub;
    this.decoders = decoders;
    this.store = store;
    this.mayAccess = mayAccess;
    this.limits = limits;
    this.rejected =
        Counter.builder("ecugw.live.tcp.connections.rejected")
            .description("Raw TCP ingest connections closed at once: the connection bound was open")
            .register(meters);
    Gauge.builder("ecugw.live.tcp.connections", open, AtomicInteger::get)
        .description("Open raw TCP ingest connections")
        .register(meters);
  }

  Future<NetServer> listen(String host, int port) {
    server =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(host)
                .setPort(port)
                .setIdleTimeout(limits.idleTimeoutSeconds()));
    server.connectHandler(this::connected);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void connected(NetSocket socket) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      rejected.increment();
      socket.close();
      return;
    }
    new Session(socket);
  }

  private final class Session implements IngestConnection.Transport {
    private final NetSocket socket;
    private Buffer pending = Buffer.buffer();
    private IngestConnection connection;
    private boolean failed;

    Session(NetSocket socket) {
      this.socket = socket;
      int helloSeconds = limits.helloTimeoutSeconds();
      long helloTimer =
          vertx.setTimer(
              helloSeconds * 1000L,
              id -> {
                if (connection == null && !failed) {
                  fail("no HELLO <device> [<token>] line within " + helloSeconds + " s");
                }
              });
      socket.handler(this::data);
      socket.closeHandler(
          v -> {
            vertx.cancelTimer(helloTimer);
            open.decrementAndGet();
            if (connection != null) {
              if (pending.length() > 0) {
                connection.text(withNewline(pending.getBytes()));
              }
              connection.end();
            }
          });
      socket.exceptionHandler(e -> socket.close());
    }

    private void data(Buffer b) {
      if (failed) {
        return;
      }
      pending.appendBuffer(b);
      if (connection == null && !hello()) {
        return;
      }
      int lastNl = lastNewline(pending);
      if (lastNl < 0 && pending.length() < MAX_PARTIAL) {
        return;
      }
      int cut = lastNl < 0 ? pending.length() : lastNl + 1;
      byte[] lines = pending.getBytes(0, cut);
      pending = pending.getBuffer(cut, pending.length());
      connection.text(withNewline(lines));
    }

    /** Handles the HELLO line; returns true once the connection is open. */
    private boolean hello() {
      int nl = indexOf(pending, (byte) '\n');
      if (nl < 0) {
        if (pending.length() > MAX_HELLO) {
          fail("expected a first line HELLO <device> [<token>]");
        }
        return false;
      }
      String line = pending.getString(0, nl, "UTF-8").replace("\r", "");
      pending = pending.getBuffer(nl + 1, pending.length());
      Matcher m = HELLO.matcher(line);
      if (!m.matches()) {
        fail("expected a first line HELLO <device> [<token>], found: " + abbreviate(line));
        return false;
      }
      String device = m.group(1);
      if (!DeviceId.valid(device)) {
        fail(DeviceId.problem(device));
        return false;
      }
      String auth = m.group(2) == null ? null : "Bearer " + m.group(2);
      if (!mayAccess.test(auth, device)) {
        fail("missing or invalid token for device " + device);
        return false;
      }
      socket.write("OK\n");
      connection =
          new IngestConnection(
              Vertx.currentContext(),
              hub,
              device,
              "tcp:" + socket.remoteAddress() + "/" + device,
              decoders.apply(device),
              store,
              this);
      return true;
    }

    @Override
    public void pause() {
      socket.pause();
    }

    @Override
    public void resume() {
      socket.resume();
    }

    @Override
    public void warn(String text) {
      if (!socket.writeQueueFull()) {
        socket.write("WARN " + text.replace('\n', ' ') + "\n");
      }
    }

    @Override
    public void fail(String reason) {
      failed = true;
      socket.write("ERROR " + reason.replace('\n', ' ') + "\n").onComplete(v -> socket.close());
    }
  }

  private static byte[] withNewline(byte[] b) {
    if (b.length > 0 && b[b.length - 1] == '\n') {
      return b;
    }
    byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
    out[b.length] = '\n';
    return out;
  }

  private static int lastNewline(Buffer b) {
    for (int i = b.length() - 1; i >= 0; i--) {
      if (b.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(Buffer b, byte c) {
    for (int i = 0; i < b.length(); i++) {
      if (b.getByte(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
