package io.ecugateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@link BodySpool} behind a real HTTP server on loopback: a whole body lands in its file, each
 * file part of a multipart body in a file of its own, a body over the limit is answered 413 at
 * once, and a body cut off mid-stream or malformed leaves no file. The upload ({@code PUT},
 * multipart {@code POST}) and replay paths use it; their own tests (IngestDurabilityTest,
 * ConnectionLimitsTest, DiskFullTest, LiveLimitsTest) do the same through the gateway.
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
    router.post("/parts").handler(BodySpoolTest::spoolParts);
    router.put("/halved").handler(BodySpoolTest::spoolHalved);
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

  /**
   * As S3 PUTs do: through a filter, here one that keeps every other byte of the body and refuses a
   * body of odd length when it ends.
   */
  private static void spoolHalved(RoutingContext ctx) {
    ctx.request().pause();
    Path file = dir.resolve(NEXT.incrementAndGet() + ".part");
    CompletableFuture<String> done = outcome;
    BodySpool.BodyFilter halves =
        new BodySpool.BodyFilter() {
          long seen;

          @Override
          public void feed(Buffer in, java.util.function.Consumer<Buffer> out) {
            Buffer kept = Buffer.buffer();
            for (int i = 0; i < in.length(); i++, seen++) {
              if (seen % 2 == 0) {
                kept.appendByte(in.getByte(i));
              }
            }
            out.accept(kept);
          }

          @Override
          public void finish() {
            if (seen % 2 != 0) {
              throw new IllegalStateException("odd body");
            }
          }
        };
    vertx
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(
            f ->
                BodySpool.stream(
                    ctx.request(),
                    vertx,
                    f,
                    file,
                    MAX,
                    halves,
                    new BodySpool.FilteredOutcome() {
                      @Override
                      public void refused(Exception cause) {
                        Responses.json(ctx, 400, java.util.Map.of("error", cause.getMessage()));
                        done.complete("refused");
                      }

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

  /** As the multipart upload handler does: pause, stream each file part into its own file. */
  private static void spoolParts(RoutingContext ctx) {
    ctx.request().pause();
    CompletableFuture<String> done = outcome;
    BodySpool.streamParts(
        ctx,
        dir,
        MAX,
        new BodySpool.PartsOutcome() {
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
          public void malformed(Throwable cause) {
            Responses.error(ctx, 400, "malformed");
            done.complete("malformed");
          }

          @Override
          public void received(List<BodySpool.Part> parts, MultiMap form) {
            StringBuilder got = new StringBuilder("received");
            for (BodySpool.Part p : parts) {
              got.append('|').append(p.fileName()).append('=').append(p.path());
              got.append(':').append(p.bytes());
            }
            form.forEach((k, v) -> got.append('|').append(k).append('=').append(v));
            Responses.json(ctx, 200, java.util.Map.of("parts", parts.size()));
            done.complete(got.toString());
          }

          @Override
          public void failed(Throwable cause) {
            ctx.fail(cause);
            done.complete("failed");
          }
        });
  }

  /** A multipart body: {@code fields} (name → value) then one file part per entry. */
  static byte[] multipart(String boundary, Map<String, String> fields, Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            out.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
    files.forEach(
        (name, content) -> {
          out.writeBytes(partHead(boundary, name));
          out.writeBytes(content);
          out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static byte[] partHead(String boundary, String fileName) {
    return ("--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static Socket post(String boundary, String transfer, byte[] part) throws Exception {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(5000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /parts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                + boundary
                + "\r\n"
                + transfer
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(part);
    out.flush();
    return s;
  }

  static Socket send(long contentLength, byte[] part) throws Exception {
    return send("/body", contentLength, part);
  }

  static Socket send(String path, long contentLength, byte[] part) throws Exception {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(5000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("PUT "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + contentLength
                + "\r\n\r\n")
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
  void theLimitCountsWhatPassesTheFilter() throws Exception {
    outcome = new CompletableFuture<>();
    byte[] body = bytes((int) MAX + 100_000); // over the limit as sent, under it once halved
    Path file;
    try (Socket s = send("/halved", body.length, body)) {
      assertEquals("received " + body.length / 2, outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      String json = answer.substring(answer.indexOf("{"));
      file = Path.of(json.replaceAll(".*\"file\"\\s*:\\s*\"([^\"]+)\".*", "$1").trim());
    }
    byte[] kept = new byte[body.length / 2];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = body[2 * i];
    }
    assertArrayEquals(kept, Files.readAllBytes(file));
    Files.delete(file);
  }

  @Test
  void aBodyTheFilterRefusesLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    try (Socket s = send("/halved", 100_001, bytes(100_001))) {
      assertEquals("refused", outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }
    awaitNoFile();
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

  @Test
  void eachFilePartIsInItsOwnFileWithTheFieldsBesides() throws Exception {
    outcome = new CompletableFuture<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a.MF4", bytes(300_000));
    // parts holding near-boundaries (not after a line end), line ends, and nothing at all
    files.put("b.log", "x--b1\r\n-\r\n\r\n--\r".getBytes(StandardCharsets.US_ASCII));
    files.put("c.MF4", new byte[0]);
    files.put("a two.MF4", bytes(200_001)); // a second file, a name with a space
    byte[] body = multipart("b1", Map.of("session", "00000007"), files);
    String got;
    try (Socket s = post("b1", "Content-Length: " + body.length, body)) {
      got = outcome.get(10, TimeUnit.SECONDS);
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }
    List<String> spooled = new ArrayList<>(List.of(got.split("\\|")));
    assertEquals("received", spooled.removeFirst());
    assertEquals("session=00000007", spooled.removeLast(), got);
    List<String> names = new ArrayList<>(files.keySet());
    assertEquals(files.size(), spooled.size(), got);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String entry = spooled.get(i);
      assertTrue(entry.startsWith(name + "="), "in the order sent: " + got);
      Path file = Path.of(entry.substring(name.length() + 1, entry.lastIndexOf(':')));
      long length = Long.parseLong(entry.substring(entry.lastIndexOf(':') + 1));
      assertEquals(dir, file.getParent());
      assertEquals(files.get(name).length, length, name);
      assertArrayEquals(files.get(name), Files.readAllBytes(file), name);
      Files.delete(file);
    }
  }

  @Test
  void aMultipartBodyOverTheLimitIs413AtOnceAndLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    byte[] head = partHead("b2", "big.MF4");
    byte[] big = bytes((int) MAX + 100_000);
    byte[] body = new byte[head.length + big.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(big, 0, body, head.length, big.length);
    // no length declared: the limit is found while reading, with a part's file open
    String chunked = Integer.toHexString(body.length) + "\r\n";
    byte[] chunk = new byte[chunked.length() + body.length];
    System.arraycopy(chunked.getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, chunked.length());
    System.arraycopy(body, 0, chunk, chunked.length(), body.length);
    try (Socket s = post("b2", "Transfer-Encoding: chunked", chunk)) {
      assertEquals("tooLarge", outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }
    awaitNoFile();
  }

  @Test
  void aMultipartBodyCutOffMidPartLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    Map<String, byte[]> first = Map.of("whole.MF4", bytes(100_000));
    byte[] whole = multipart("b3", Map.of(), first);
    // the first part complete, the second cut off in its middle
    byte[] sent = new byte[whole.length - ("--b3--\r\n").length() + 150_000];
    System.arraycopy(whole, 0, sent, 0, whole.length - ("--b3--\r\n").length());
    byte[] head = partHead("b3", "cut.MF4");
    System.arraycopy(head, 0, sent, whole.length - ("--b3--\r\n").length(), head.length);
    try (Socket s = post("b3", "Content-Length: " + (sent.length + 1_000_000), sent)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (filesIn(dir) < 2) { // both parts have their file
        assertTrue(System.nanoTime() < deadline, "no two part files after 10 s");
        Thread.sleep(20);
      }
      assertFalse(outcome.isDone(), "the body has not ended");
    }
    assertEquals("cutOff", outcome.get(10, TimeUnit.SECONDS));
    awaitNoFile();
  }

  @Test
  void aMalformedMultipartBodyIsAnsweredAndLeavesNoFile() throws Exception {
    outcome = new CompletableFuture<>();
    byte[] good = partHead("b4", "a.MF4");
    // a part header line without a colon, after a file part that has its file
    byte[] bad =
        "\r\n--b4\r\nnot a header\r\n\r\nxx\r\n--b4--\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[good.length + 50_000 + bad.length];
    System.arraycopy(good, 0, body, 0, good.length);
    System.arraycopy(bad, 0, body, good.length + 50_000, bad.length);
    try (Socket s = post("b4", "Content-Length: " + body.length, body)) {
      assertEquals("malformed", outcome.get(10, TimeUnit.SECONDS));
      String answer = readAnswer(s.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }
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
