package io.ecugateway.server;

import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/**
 * Streams a request body into a file for handlers that use the body once it is whole (uploads,
 * replays): at most {@code maxBytes}, with back-pressure (the request pauses while the file's write
 * queue is full), and nothing left behind when the body does not arrive whole: over the limit or
 * cut off (connection closed, reset, stalled), the file is closed and deleted.
 *
 * <p>The caller pauses the request, opens the file, then calls {@link #stream}; it keeps its own
 * answers, messages and metrics in its {@link Outcome}.
 */
public final class BodySpool {
  private final RoutingContext ctx;
  private final AsyncFile file;
  private final Path path;
  private final long maxBytes;
  private final Outcome outcome;
  private long received;
  private boolean discarded;

  /** What the caller does when the body ends; one of them is called, on the event loop. */
  public interface Outcome {
    /**
     * The body went over the limit; its file is being deleted and the rest of the body is not read.
     * Answer now (413, {@link RequestBodies#rejectAndClose}).
     */
    void tooLarge();

    /** The body was cut off before its end; its file is being deleted. Nobody to answer. */
    void cutOff(Throwable cause);

    /** The whole body ({@code bytes}) is in the file, which is closed. */
    void received(long bytes);

    /** The file could not be written to the end (closed); it is deleted. */
    void failed(Throwable cause);
  }

  private BodySpool(RoutingContext ctx, AsyncFile file, Path path, long maxBytes, Outcome outcome) {
    this.ctx = ctx;
    this.file = file;
    this.path = path;
    this.maxBytes = maxBytes;
    this.outcome = outcome;
  }

  /**
   * Streams the (paused) request's body into {@code file}, open for writing at {@code path}, and
   * resumes the request.
   */
  public static void stream(
      RoutingContext ctx, AsyncFile file, Path path, long maxBytes, Outcome outcome) {
    new BodySpool(ctx, file, path, maxBytes, outcome).start();
  }

  private void start() {
    HttpServerRequest req = ctx.request();
    if (ctx.response().closed()) { // the client left while the file was being opened
      discard();
      outcome.cutOff(new HttpClosedException("the client left before the body was read"));
      return;
    }
    req.handler(
        buf -> {
          if (discarded) {
            return;
          }
          received += buf.length();
          if (received > maxBytes) {
            discard();
            outcome.tooLarge();
            return;
          }
          file.write(buf);
          if (file.writeQueueFull()) {
            req.pause();
            file.drainHandler(v -> req.resume());
          }
        });
    req.exceptionHandler(
        t -> {
          if (!discarded) {
            discard();
            outcome.cutOff(t);
          }
        });
    req.endHandler(
        v -> {
          if (discarded) {
            return;
          }
          file.close()
              .onSuccess(closed -> outcome.received(received))
              .onFailure(
                  t -> {
                    delete();
                    outcome.failed(t);
                  });
        });
    req.resume();
  }

  private void discard() {
    discarded = true;
    file.close().onComplete(v -> delete());
  }

  private void delete() {
    ctx.vertx().fileSystem().delete(path.toString());
  }
}
