package io.ecugateway.s3;

import io.ecugateway.s3.sigv4.PayloadSink;
import io.ecugateway.s3.sigv4.PayloadVerifier;
import io.ecugateway.server.BodySpool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An S3 request body as {@link BodySpool} writes it: through its {@link PayloadVerifier} (plain,
 * signed or aws-chunked), so the spool writes, back-pressures and counts against the limit the
 * payload, hashed on the way (MD5, the ETag). The body counts only once the verifier's {@code
 * finish()} accepted it. Runs on the request's event loop; the hashing is CPU work the network's
 * pace bounds, never a wait.
 */
final class VerifiedPayload implements BodySpool.BodyFilter {
  /**
   * The payload as written.
   *
   * @param size payload bytes (aws-chunked framing removed)
   * @param md5 hex MD5 of the payload
   * @param wireBytes bytes of the body as sent, framing included
   */
  record Received(long size, String md5, long wireBytes) {}

  private final PayloadVerifier verifier;
  private final MessageDigest md5 = Multipart.md5();
  private Consumer<Buffer> out;
  private long wireBytes;

  /**
   * @param open builds the verifier over the sink this filter gives it
   * @throws io.ecugateway.s3.sigv4.SigV4Exception when a declared digest is malformed
   */
  VerifiedPayload(Function<PayloadSink, PayloadVerifier> open) {
    this.verifier = open.apply(this::write);
  }

  /**
   * Reads the (paused) request's body through this filter into {@code file}, open at {@code path}.
   * The future fails with an {@link S3Exception} (size), a {@link
   * io.ecugateway.s3.sigv4.SigV4Exception} (verification) or the connection's error; the file is
   * then deleted.
   */
  Future<Received> receive(
      HttpServerRequest req, Vertx vertx, AsyncFile file, Path path, long maxBytes) {
    Promise<Received> done = Promise.promise();
    req.response().closeHandler(v -> done.tryFail(new HttpClosedException("closed")));
    BodySpool.stream(
        req,
        vertx,
        file,
        path,
        maxBytes,
        this,
        new BodySpool.FilteredOutcome() {
          @Override
          public void received(long bytes) {
            done.tryComplete(
                new Received(bytes, HexFormat.of().formatHex(md5.digest()), wireBytes));
          }

          @Override
          public void refused(Exception cause) {
            done.tryFail(cause);
          }

          @Override
          public void tooLarge() {
            done.tryFail(S3Exception.tooLarge(maxBytes));
          }

          @Override
          public void cutOff(Throwable cause) {
            done.tryFail(cause);
          }

          @Override
          public void failed(Throwable cause) {
            done.tryFail(cause);
          }
        });
    return done.future();
  }

  @Override
  public void feed(Buffer in, Consumer<Buffer> out) {
    this.out = out;
    wireBytes += in.length();
    byte[] bytes = in.getBytes();
    verifier.feed(bytes, 0, bytes.length);
  }

  @Override
  public void finish() {
    verifier.finish();
  }

  /** The verifier's sink: the slice is only valid during the call, so it is copied. */
  private void write(byte[] data, int offset, int length) {
    md5.update(data, offset, length);
    out.accept(Buffer.buffer(Arrays.copyOfRange(data, offset, offset + length)));
  }
}
