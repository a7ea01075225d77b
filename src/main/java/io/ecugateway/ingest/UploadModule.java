package io.ecugateway.ingest;

import io.ecugateway.server.BodySpool;
import io.ecugateway.server.DeviceId;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.RequestBodies;
import io.ecugateway.server.Responses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.MultiMap;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload endpoints. The body streams to {@code <dataDir>/spool}, is fsynced, moved into {@code
 * <dataDir>/archive/<device>/<session>/} and journaled before the {@code 202}; then the {@link
 * UploadQueue} decodes it. Nothing is held whole in memory.
 *
 * <ul>
 *   <li>{@code PUT /api/v1/devices/{device}/logs/{session}/{split}[?name=file.MF4]} raw body
 *   <li>{@code POST /api/v1/devices/{device}/logs} multipart: file part(s), optional fields {@code
 *       session} (default {@code 00000000}) and {@code split} (default: the file name)
 *   <li>{@code GET /api/v1/uploads/{id}} state, counts, reason
 * </ul>
 */
public final class UploadModule implements HttpModule {
  private static final Logger LOG = LoggerFactory.getLogger(UploadModule.class);

  private final Ingest ingest;
  private Counter bytesIn;
  private Counter rejected;
  private Counter aborted;
  private DistributionSummary sizes;

  public UploadModule(Ingest ingest) {
    this.ingest = ingest;
  }

  /** The module over the server's upload service ({@link Ingest}, shared by the context). */
  public static UploadModule create(GatewayContext context) {
    return new UploadModule(context.service(Ingest.class));
  }

  @Override
  public String name() {
    return "uploads";
  }

  @Override
  public void mount(Router router, GatewayContext context) {
    bytesIn =
        Counter.builder("ecugw.upload.bytes")
            .description("Upload bytes received")
            .baseUnit("bytes")
            .register(context.meters());
    rejected = Counter.builder("ecugw.uploads.rejected").register(context.meters());
    aborted =
        Counter.builder("ecugw.http.bodies.aborted")
            .description("Upload bodies cut off before their end (closed, stalled or reset)")
            .register(context.meters());
    sizes =
        DistributionSummary.builder("ecugw.upload.size")
            .baseUnit("bytes")
            .register(context.meters());
    long max = context.config().section(HttpConfig.class).maxUploadBytes();
    router
        .put("/api/v1/devices/:device/logs/:session/:split")
        .handler(ctx -> putRaw(ctx, context, max));
    router
        .post("/api/v1/devices/:device/logs")
        .handler(ctx -> checkDevice(ctx, context, ctx.pathParam("device"), max));
    router.get("/api/v1/uploads/:id").handler(ctx -> status(ctx));
  }

  /**
   * 400 for a malformed device id, 403 for a token of another device, 413 for a declared length
   * over the limit, 507 for a full disk; else the multipart body is spooled.
   */
  private void checkDevice(RoutingContext ctx, GatewayContext context, String device, long max) {
    if (!DeviceId.valid(device)) {
      reject(ctx, 400, DeviceId.problem(device));
    } else if (!context.auth().mayAccess(ctx.request().getHeader("Authorization"), device)) {
      reject(ctx, 403, "this token may not upload for device " + device);
    } else if (!declaredTooLong(ctx, max)) {
      whenRoom(ctx, context, () -> spoolPost(ctx, context, max, device));
    }
  }

  /**
   * Answers 413 when the declared Content-Length is over the limit, 400 when it is malformed.
   *
   * @return true if it answered
   */
  private boolean declaredTooLong(RoutingContext ctx, long max) {
    String length = ctx.request().getHeader("Content-Length");
    if (length == null) {
      return false;
    }
    if (!length.matches("\\d+")) {
      reject(ctx, 400, "bad Content-Length");
      return true;
    }
    if (length.length() > 18 || Long.parseLong(length) > max) {
      tooLarge(ctx, max);
      return true;
    }
    return false;
  }

  /**
   * Runs {@code then} when the data directory has room for the body, else answers 507 without
   * reading it. The free space read every second decides at once; when it says full, the disk is
   * read again (off the event loop), so space that came back is seen without delay.
   */
  private void whenRoom(RoutingContext ctx, GatewayContext context, Runnable then) {
    String length = ctx.request().getHeader("Content-Length");
    long declared = length == null ? -1 : Long.parseLong(length);
    if (ingest.noRoomFor(declared) == null) {
      then.run();
      return;
    }
    ctx.request().pause();
    context
        .blocking()
        .submit(ingest::refreshFreeSpace)
        .onComplete(
            read -> {
              String problem = ingest.noRoomFor(declared);
              if (problem == null) {
                then.run();
              } else {
                rejected.increment();
                RequestBodies.rejectAndClose(ctx, 507, problem);
              }
            });
  }

  /** 413 at once, and the connection closed instead of reading the rest of the body. */
  private void tooLarge(RoutingContext ctx, long max) {
    rejected.increment();
    RequestBodies.rejectAndClose(
        ctx, 413, "upload exceeds http.maxUploadBytes (" + max + " bytes)");
  }

  /** Counts bodies whose connection went away before the response (stalled, reset, closed). */
  private void countAborted(RoutingContext ctx) {
    ctx.addEndHandler(
        done -> {
          if (done.failed()) {
            aborted.increment();
          }
        });
  }

  /**
   * Deletes a spooled file that was not accepted (an accepted one has moved to the archive); one
   * that cannot be deleted now goes at the next start, which empties the spool.
   */
  private static void deleteLeftOver(Path spooled) {
    try {
      Files.deleteIfExists(spooled);
    } catch (IOException e) {
      LOG.warn("cannot delete the refused spool file {}: {}", spooled.getFileName(), e.toString());
    }
  }

  /** A client waiting for {@code 100 Continue} before it sends the body gets it. */
  private static void continueIfExpected(RoutingContext ctx) {
    if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
  }

  private void reject(RoutingContext ctx, int status, String message) {
    rejected.increment();
    if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader("Connection", "close"); // do not read the unwanted body
    }
    Responses.error(ctx, status, message);
  }

  private void putRaw(RoutingContext ctx, GatewayContext context, long max) {
    HttpServerRequest req = ctx.request();
    LogPath path;
    try {
      path = new LogPath(ctx.pathParam("device"), ctx.pathParam("session"), ctx.pathParam("split"));
    } catch (IllegalArgumentException e) {
      reject(ctx, 400, e.getMessage());
      return;
    }
    if (!context.auth().mayAccess(req.getHeader("Authorization"), path.device())) {
      reject(ctx, 403, "this token may not upload for device " + path.device());
      return;
    }
    String name = req.getParam("name");
    if (name != null && !LogPath.valid(name)) {
      reject(ctx, 400, "bad name '" + name + "': expected a plain file name");
      return;
    }
    if (!declaredTooLong(ctx, max)) {
      whenRoom(ctx, context, () -> spoolPut(ctx, context, max, path, name));
    }
  }

  private void spoolPut(
      RoutingContext ctx, GatewayContext context, long max, LogPath path, String name) {
    countAborted(ctx);
    continueIfExpected(ctx);
    ctx.request().pause();
    String id = newId();
    Path spool = ingest.spoolDir().resolve(id + ".part");
    context
        .vertx()
        .fileSystem()
        .open(spool.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(file -> streamBody(ctx, context, file, spool, max, id, path, name));
  }

  private void streamBody(
      RoutingContext ctx,
      GatewayContext context,
      AsyncFile file,
      Path spool,
      long max,
      String id,
      LogPath path,
      String name) {
    BodySpool.stream(
        ctx,
        file,
        spool,
        max,
        new BodySpool.Outcome() {
          @Override
          public void tooLarge() {
            UploadModule.this.tooLarge(ctx, max);
          }

          @Override
          public void cutOff(Throwable cause) {
            LOG.warn(
                "[device: {}, upload: {}] body aborted: {}", path.device(), id, cause.toString());
          }

          @Override
          public void received(long bytes) {
            bytesIn.increment(bytes);
            context
                .blocking()
                .submit(() -> ingest.accept(id, path, name, spool, bytes))
                .onSuccess(upload -> accepted(ctx, List.of(upload)))
                .onFailure(
                    t -> {
                      context.vertx().fileSystem().delete(spool.toString());
                      UploadModule.this.failed(ctx, t);
                    });
          }

          @Override
          public void failed(Throwable cause) {
            UploadModule.this.failed(ctx, cause);
          }
        });
  }

  /** Each file part of the multipart body into its own spool file, through {@link BodySpool}. */
  private void spoolPost(RoutingContext ctx, GatewayContext context, long max, String device) {
    countAborted(ctx);
    continueIfExpected(ctx);
    ctx.request().pause();
    BodySpool.streamParts(
        ctx,
        ingest.spoolDir(),
        max,
        new BodySpool.PartsOutcome() {
          @Override
          public void tooLarge() {
            UploadModule.this.tooLarge(ctx, max);
          }

          @Override
          public void cutOff(Throwable cause) {
            LOG.info(
                "[device: {}] multipart body aborted: the connection closed before its end",
                device);
          }

          @Override
          public void malformed(Throwable cause) {
            String why = cause.getMessage();
            reject(ctx, 400, "malformed multipart body" + (why == null ? "" : ": " + why));
          }

          @Override
          public void received(List<BodySpool.Part> parts, MultiMap form) {
            postMultipart(ctx, context, parts, form);
          }

          @Override
          public void failed(Throwable cause) {
            UploadModule.this.failed(ctx, cause);
          }
        });
  }

  /**
   * Accepts the spooled file parts as a whole (every file is checked before the first is accepted);
   * what is not accepted is deleted from the spool.
   */
  private void postMultipart(
      RoutingContext ctx, GatewayContext context, List<BodySpool.Part> files, MultiMap form) {
    String device = ctx.pathParam("device");
    String session = form.get("session");
    String split = form.get("split");
    List<LogPath> paths = new ArrayList<>();
    String problem = null;
    if (files.isEmpty()) {
      problem = "no file part in the multipart body";
    } else if (split != null && files.size() > 1) {
      problem = "field 'split' given but " + files.size() + " files sent; send one file";
    }
    for (int i = 0; i < files.size() && problem == null; i++) {
      String s = split != null ? split : files.get(i).fileName();
      try {
        paths.add(new LogPath(device, session == null ? "00000000" : session, s));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      files.forEach(f -> context.vertx().fileSystem().delete(f.path().toString()));
      reject(ctx, 400, problem);
      return;
    }
    context
        .blocking()
        .submit(() -> acceptAll(files, paths))
        .onSuccess(list -> accepted(ctx, list))
        .onFailure(t -> failed(ctx, t));
  }

  /** Blocking: checks every file, then accepts each; deletes the files not accepted. */
  private List<Upload> acceptAll(List<BodySpool.Part> files, List<LogPath> paths)
      throws IOException {
    try {
      for (BodySpool.Part f : files) {
        ingest.check(f.fileName(), f.path(), f.bytes());
      }
      List<Upload> out = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        BodySpool.Part f = files.get(i);
        bytesIn.increment(f.bytes());
        out.add(ingest.accept(newId(), paths.get(i), f.fileName(), f.path(), f.bytes()));
      }
      return out;
    } finally {
      for (BodySpool.Part f : files) {
        deleteLeftOver(f.path());
      }
    }
  }

  /** A body {@link Ingest#accept} refused gets its status (400, 415, 500, 507); else a 500. */
  private void failed(RoutingContext ctx, Throwable t) {
    if (t instanceof UploadRejectedException r) {
      reject(ctx, r.status(), r.getMessage());
    } else {
      ctx.fail(t);
    }
  }

  private void accepted(RoutingContext ctx, List<Upload> uploads) {
    List<Map<String, Object>> body = new ArrayList<>();
    for (Upload u : uploads) {
      sizes.record(u.bytes());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", u.id());
      m.put("status", u.state().name().toLowerCase(java.util.Locale.ROOT));
      m.put("statusUrl", "/api/v1/uploads/" + u.id());
      m.put("device", u.device());
      m.put("session", u.session());
      m.put("split", u.split());
      m.put("bytes", u.bytes());
      body.add(m);
    }
    ctx.response().putHeader("Location", "/api/v1/uploads/" + uploads.getFirst().id());
    Responses.json(ctx, 202, body.size() == 1 ? body.getFirst() : Map.of("uploads", body));
  }

  private void status(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ingest
        .journal()
        .get(id)
        .filter(
            u ->
                ingest
                    .context()
                    .auth()
                    .mayAccess(ctx.request().getHeader("Authorization"), u.device()))
        .ifPresentOrElse(
            u -> Responses.json(ctx, 200, UploadView.of(u)),
            () -> Responses.error(ctx, 404, "no upload " + id));
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }
}
