package io.ecugateway.s3;

import io.ecugateway.s3.sigv4.PayloadVerifier;
import io.ecugateway.s3.sigv4.SigV4Exception;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams a request body through its {@link PayloadVerifier} (plain, signed or aws-chunked) into a
 * file, with back-pressure, counting the payload against a limit and hashing it (MD5, the ETag).
 * The body counts only once the verifier's {@code finish()} accepted it: any failure fails the
 * future and the caller deletes the file. Runs on the request's event loop; the hashing is CPU work
 * the network's pace bounds, never a wait.
 */
final class BodyReceiver {
  /**
   * The payload as written.
   *
   * @param size payload bytes (aws-chunked framing removed)
   * @param md5 hex MD5 of the payload
   * @param wireBytes bytes of the body as sent, framing included
   */
  record Received(long size, String md5, long wireBytes) {}

  private final HttpServerRequest req;
  private final AsyncFile file;
  private final long maxBytes;
  private final MessageDigest md5 = Multipart.md5();
  private final Promise<Received> done = Promise.promise();
  private PayloadVerifier verifier;
  private long payload;
  private long raw;

  private BodyReceiver(HttpServerRequest req, AsyncFile file, long maxBytes) {
    this.req = req;
    this.file = file;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the (paused) request's body into {@code file}. The future fails with an {@link
   * S3Exception} (verification, size) or the connection's error; the file is closed either way.
   *
   * @param open builds the verifier over the sink this receiver gives it
   */
  static Future<Received> receive(
      HttpServerRequest req,
      AsyncFile file,
      long maxBytes,
      java.util.function.Function<io.ecugateway.s3.sigv4.PayloadSink, PayloadVerifier> open) {
    BodyReceiver r = new BodyReceiver(req, file, maxBytes);
    r.verifier = open.apply(r::write);
    r.start();
    return r.done.future();
  }

  private void write(byte[] data, int offset, int length) {
    payload += length;
    if (payload > maxBytes) {
      throw S3Exception.tooLarge(maxBytes);
    }
    md5.update(data, offset, length);
    file.write(Buffer.buffer(java.util.Arrays.copyOfRange(data, offset, offset + length)));
  }

  private void start() {
    if (req.response().closed()) { // the client left while the file was being opened
      fail(new io.vertx.core.http.HttpClosedException("the client left before the body was read"));
      return;
    }
    req.response().closeHandler(v -> fail(new io.vertx.core.http.HttpClosedException("closed")));
    req.handler(
        buf -> {
          if (done.future().isComplete()) {
            return;
          }
          raw += buf.length();
          try {
            byte[] bytes = buf.getBytes();
            verifier.feed(bytes, 0, bytes.length);
          } catch (S3Exception | SigV4Exception e) {
            fail(e);
            return;
          }
          if (file.writeQueueFull()) {
            req.pause();
            file.drainHandler(v -> req.resume());
          }
        });
    req.exceptionHandler(this::fail);
    req.endHandler(
        v -> {
          if (done.future().isComplete()) {
            return;
          }
          try {
            verifier.finish();
          } catch (S3Exception | SigV4Exception e) {
            fail(e);
            return;
          }
          String hex = HexFormat.of().formatHex(md5.digest());
          file.close()
              .onSuccess(closed -> done.tryComplete(new Received(payload, hex, raw)))
              .onFailure(done::tryFail);
        });
    req.resume();
  }

  private void fail(Throwable t) {
    if (done.tryFail(t)) {
      file.close();
    }
  }
}
