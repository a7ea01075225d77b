package io.ecugateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BodySpool} behind a real HTTP server on loopback: a whole body lands in its file, a body
 * over the limit is answered 413 at once, and a body cut off mid-stream leaves no file. The upload
 * ({@code PUT}) and replay paths use it; their own tests (IngestDurabilityTest, LiveLimitsTest) cut
 * bodies off through the gateway.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BodySpoolTest {
  static final long MAX = 1 << 20;

  @TempDir static Path dir;
  static Vertx vertx;
  static HttpServer server;
  static final AtomicInteger NEXT = new AtomicInteger();

  /** The outcome of the latest request ("received 12", "cutOff", "tooLarge"). */
  static volatile CompletableFuture<String> outcome = new CompletableFuture<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.put("/body").handler(BodySpoolTest::spool);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** As the upload and replay handlers do: pause, open the file, stream the body into it. */
  private static void spool(RoutingContext ctx) {
    ctx.request().pause();
    Path file = dir.resolve(NEXT.incrementAndGet() + ".part");
    CompletableFuture<String> done = outcome;
    vertx
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(
            f ->
                BodySpool.stream(
                    ctx,
                    f,
                    file,
                    MAX,
                    new BodySpool.Outcome() {
                      @Override
                      public void tooLarge() {
                        RequestBodies.rejectAndClose(ctx, 413, "too large");
                        done.complete("tooLarge");
                      }

                      @Override
                      public void cutOff(Throwable cause) {
                        done.complete("cutOff");
                      }

                      @Override
                      public void received(long bytes) {
                        Responses.json(ctx, 200, java.util.Map.of("file", file.toString()));
                        done.complete("received " + bytes);
                      }

                      @Override
                      public void failed(Throwable cause) {
                        ctx.fail(cause);
                        done.complete("failed");
                      }
                    }));
  }

  static Socket send(long contentLength, byte[] part) throws Exception {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(5000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("PUT /body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + contentLength + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(part);
    out.flush();
    return s;
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static long filesIn(Path d) throws Exception {
    try (var files = Files.list(d)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).count();
    }
  }

  static void awaitNoFile() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (filesIn(dir) > 0) {
      assertTrue(System.nanoTime() < deadline, "the spool file is still there after 10 s");
      Thread.sleep(50);
    }
  }

  @Test
  void aWholeBodyIsInItsFile() throws Exception {
    outcome = new CompletableFuture<>();
    byte[] body = bytes(300_000);
    Path file;
    try (Socket s = send(body.length, body)) {
      assertEquals("received " + body.length, outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      String json = answer.substring(answer.indexOf("{"));
      file = Path.of(json.replaceAll(".*\"file\"\\s*:\\s*\"([^\"]+)\".*", "$1").trim());
    }
    assertArrayEquals(body, Files.readAllBytes(file));
    Files.delete(file);
  }

  @Test
  void aBodyOverTheLimitIs413AtOnceAndLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    try (Socket s = send(10 * MAX, bytes((int) MAX + 100_000))) {
      assertEquals("tooLarge", outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
    awaitNoFile();
  }

  @Test
  void aBodyCutOffMidStreamLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    try (Socket s = send(MAX, bytes(200_000))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!spoolHasBytes()) { // mid-stream: part of the body is in the file
        assertTrue(System.nanoTime() < deadline, "no bytes spooled after 10 s");
        Thread.sleep(20);
      }
      assertFalse(outcome.isDone(), "the body has not ended");
    }
    assertEquals("cutOff", outcome.get(10, TimeUnit.SECONDS));
    awaitNoFile();
  }

  private static boolean spoolHasBytes() throws Exception {
    try (var files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".part"))
          .anyMatch(
              f -> {
                try {
                  return Files.size(f) > 0;
                } catch (java.io.IOException e) {
                  return false;
                }
              });
    }
  }

  /** The status line, headers and (short) body the server sent, until it closes or 5 s pass. */
  private static String readAnswer(InputStream in) throws Exception {
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[8192];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && !got.toString().endsWith("}")) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
    return got.toString();
  }
}
