package io.ecugateway.server;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Streams a request body into files for handlers that use the body once it is whole: a raw body
 * into one file (uploads by PUT, replays), or each file part of a multipart body into a file of its
 * own (uploads by POST). At most {@code maxBytes} of body, with back-pressure (the request pauses
 * while a file's write queue is full), and nothing left behind when the body does not arrive whole:
 * over the limit, cut off (connection closed, reset, stalled) or malformed, every file is closed
 * and deleted.
 *
 * <p>A raw body may pass through a {@link BodyFilter} on its way into the file (S3: signature
 * checks, aws-chunked decoding, the ETag's hash); the limit then counts what the filter passes on.
 *
 * <p>The caller pauses the request, then calls {@link #stream} or {@link #streamParts}; it keeps
 * its own answers, messages and metrics in its outcome.
 */
public final class BodySpool {
  private final HttpServerRequest req;
  private final Vertx vertx;
  private final long maxBytes;
  private final Ends ends;
  private final Consumer<Exception> refused;
  private final List<SpoolFile> files = new ArrayList<>();
  private long received;
  private boolean discarded;

  /** The ends every body can come to; one outcome method is called, on the event loop. */
  public interface Ends {
    /**
     * The body went over the limit; its files are being deleted and the rest of the body is not
     * read. Answer now (413, {@link RequestBodies#rejectAndClose}).
     */
    void tooLarge();

    /** The body was cut off before its end; its files are being deleted. Nobody to answer. */
    void cutOff(Throwable cause);

    /** A file could not be opened or written to the end (closed); its files are deleted. */
    void failed(Throwable cause);
  }

  /** What the caller of {@link #stream} does when the raw body ends. */
  public interface Outcome extends Ends {
    /** The whole body ({@code bytes}, as written to the file) is in the file, which is closed. */
    void received(long bytes);
  }

  /** What the caller of a filtered {@link #stream} does when the raw body ends. */
  public interface FilteredOutcome extends Outcome {
    /** The filter refused the body (threw {@code cause}); its file is being deleted. */
    void refused(Exception cause);
  }

  /**
   * Turns the body as sent into what is written to the file, and may refuse it. Called on the event
   * loop, one request at a time: CPU work only, never a wait.
   */
  public interface BodyFilter {
    /** Passes the body everything as it comes. */
    BodyFilter NONE = (in, out) -> out.accept(in);

    /**
     * Takes the next bytes of the body and passes what is to be written to {@code out} (a buffer
     * {@code out} may keep). Throws to refuse the body.
     */
    void feed(Buffer in, Consumer<Buffer> out) throws Exception;

    /** The body ended: throws when it is not whole or not what was declared. */
    default void finish() throws Exception {}
  }

  /** What the caller of {@link #streamParts} does when the multipart body ends. */
  public interface PartsOutcome extends Ends {
    /** Not a well-formed multipart body (answer 400); its files are being deleted. */
    void malformed(Throwable cause);

    /**
     * The whole body is read: every file part is in its closed file, in the order sent (none when
     * the body had no file part), and the other fields are in {@code form}. The files are the
     * caller's to move or delete.
     */
    void received(List<Part> parts, MultiMap form);
  }

  /**
   * One file part of a multipart body, spooled.
   *
   * @param fileName the name the client gave the file
   * @param path the spool file holding it
   * @param bytes its length as received
   */
  public record Part(String fileName, Path path, long bytes) {}

  private BodySpool(
      HttpServerRequest req, Vertx vertx, long maxBytes, Ends ends, Consumer<Exception> refused) {
    this.req = req;
    this.vertx = vertx;
    this.maxBytes = maxBytes;
    this.ends = ends;
    this.refused = refused;
  }

  /**
   * Streams the (paused) request's body into {@code file}, open for writing at {@code path}, and
   * resumes the request.
   */
  public static void stream(
      RoutingContext ctx, AsyncFile file, Path path, long maxBytes, Outcome outcome) {
    stream(
        ctx.request(),
        ctx.vertx(),
        file,
        path,
        maxBytes,
        BodyFilter.NONE,
        outcome,
        outcome::failed);
  }

  /**
   * Streams the (paused) request's body through {@code filter} into {@code file}, open for writing
   * at {@code path}, and resumes the request; at most {@code maxBytes} pass the filter.
   */
  public static void stream(
      HttpServerRequest req,
      Vertx vertx,
      AsyncFile file,
      Path path,
      long maxBytes,
      BodyFilter filter,
      FilteredOutcome outcome) {
    stream(req, vertx, file, path, maxBytes, filter, outcome, outcome::refused);
  }

  private static void stream(
      HttpServerRequest req,
      Vertx vertx,
      AsyncFile file,
      Path path,
      long maxBytes,
      BodyFilter filter,
      Outcome outcome,
      Consumer<Exception> refused) {
    BodySpool spool = new BodySpool(req, vertx, maxBytes, outcome, refused);
    SpoolFile body = spool.new SpoolFile(file, path);
    spool.files.add(body);
    spool.start(filter, buf -> body.write(buf, req));
    req.endHandler(
        v -> {
          if (spool.discarded) {
            return;
          }
          try {
            filter.finish();
          } catch (Exception e) {
            spool.discard(() -> refused.accept(e));
            return;
          }
          body.close().onSuccess(outcome::received).onFailure(outcome::failed);
        });
  }

  /**
   * Streams each file part of the (paused) request's multipart body into a new file of {@code dir}
   * and resumes the request; the other fields are kept in memory, within the server's form limits.
   */
  public static void streamParts(
      RoutingContext ctx, Path dir, long maxBytes, PartsOutcome outcome) {
    HttpServerRequest req = ctx.request();
    BodySpool spool = new BodySpool(req, ctx.vertx(), maxBytes, outcome, outcome::failed);
    List<Future<Part>> parts = new ArrayList<>();
    try {
      req.setExpectMultipart(true);
      req.uploadHandler(upload -> parts.add(spool.part(upload, dir)));
    } catch (IllegalStateException | DecoderException notAForm) {
      // no multipart (or form) content type: the body is read and counted, it has no file part
    }
    // the multipart decoder sees the bytes too; here they are only counted
    spool.start(BodyFilter.NONE, buf -> {});
    req.endHandler(
        v -> {
          if (!spool.discarded) {
            Future.all(parts)
                .onSuccess(all -> outcome.received(all.list(), req.formAttributes()))
                .onFailure(t -> spool.discard(() -> outcome.failed(t)));
          }
        });
  }

  private void start(BodyFilter filter, Consumer<Buffer> write) {
    if (req.response().closed()) { // the client left while the file was being opened
      discard(
          () -> ends.cutOff(new HttpClosedException("the client left before the body was read")));
      return;
    }
    req.handler(
        buf -> {
          if (discarded) {
            return;
          }
          try {
            filter.feed(buf, out -> count(out, write));
          } catch (Exception e) { // only a filter refuses
            if (!discarded) {
              discard(() -> refused.accept(e));
            }
          }
        });
    req.exceptionHandler(
        t -> {
          if (!discarded) {
            discard(() -> endWith(t));
          }
        });
    req.resume();
  }

  /** Counts what passed the filter against the limit, then writes it. */
  private void count(Buffer buf, Consumer<Buffer> write) {
    if (discarded) {
      return;
    }
    received += buf.length();
    if (received > maxBytes) {
      discard(ends::tooLarge);
    } else {
      write.accept(buf);
    }
  }

  /** A multipart decoding error is the client's (400); anything else cut the body off. */
  private void endWith(Throwable t) {
    if (ends instanceof PartsOutcome parts && t instanceof DecoderException) {
      parts.malformed(t.getCause() != null ? t.getCause() : t);
    } else {
      ends.cutOff(t);
    }
  }

  /** Opens the part's file (the part waits, paused), streams the part into it. */
  private Future<Part> part(HttpServerFileUpload upload, Path dir) {
    if (discarded) {
      return Future.failedFuture("discarded");
    }
    upload.pause();
    Path path = dir.resolve(UUID.randomUUID() + ".part");
    Promise<Part> done = Promise.promise();
    vertx
        .fileSystem()
        .open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(
            t -> {
              done.fail(t);
              if (!discarded) {
                discard(() -> ends.failed(t));
              }
            })
        .onSuccess(
            file -> {
              SpoolFile part = new SpoolFile(file, path);
              files.add(part);
              if (discarded) {
                part.discard();
                done.fail("discarded");
                return;
              }
              upload.handler(buf -> part.write(buf, upload));
              upload.endHandler(
                  v -> {
                    if (!discarded) {
                      part.close()
                          .map(bytes -> new Part(upload.filename(), path, bytes))
                          .onComplete(done);
                    }
                  });
              upload.resume();
            });
    return done.future();
  }

  /** Closes and deletes every file, then tells the caller. */
  private void discard(Runnable then) {
    discarded = true;
    files.forEach(SpoolFile::discard);
    then.run();
  }

  /** One file being written from a stream. */
  private final class SpoolFile {
    private final AsyncFile file;
    private final Path path;
    private long bytes;
    private boolean closing;

    SpoolFile(AsyncFile file, Path path) {
      this.file = file;
      this.path = path;
    }

    void write(Buffer buf, ReadStream<Buffer> source) {
      if (discarded) {
        return;
      }
      bytes += buf.length();
      file.write(buf);
      if (file.writeQueueFull()) {
        source.pause();
        file.drainHandler(v -> source.resume());
      }
    }

    /** Closes the whole file: its length, or deleted when it cannot be closed. */
    Future<Long> close() {
      closing = true;
      return file.close()
          .map(v -> bytes)
          .onFailure(t -> vertx.fileSystem().delete(path.toString()));
    }

    void discard() {
      if (closing) { // closed or closing: delete what the close leaves
        vertx.fileSystem().delete(path.toString());
        return;
      }
      closing = true;
      file.close().onComplete(v -> vertx.fileSystem().delete(path.toString()));
    }
  }
}
