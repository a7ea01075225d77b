package io.ecugateway.stream.ws;

import io.ecugateway.config.DeviceId;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.server.BodySpool;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.RequestBodies;
import io.ecugateway.server.Responses;
import io.ecugateway.stream.DbcLiveDecoder;
import io.ecugateway.stream.LiveDecoder;
import io.vertx.core.Future;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live signals: the dashboard at {@code /}, {@code /ws/live} (subscriptions out), {@code
 * /ws/ingest/{device}} and the raw TCP listener (frames in), and replays of log files into the live
 * path ({@code POST /api/v1/devices/{device}/replay}).
 */
public final class LiveModule implements HttpModule {
  private static final Logger LOG = LoggerFactory.getLogger(LiveModule.class);

  /** Finished replays kept for their status page. */
  private static final int MAX_REPLAYS_KEPT = 100;

  /** Longest replay {@code name}: it ends the name of the spooled file (file names: 255 bytes). */
  static final int MAX_REPLAY_NAME = 128;

  private final GatewayContext context;
  private final Function<String, LiveDecoder> decoders;
  private final LiveStore store;
  private final LiveHub hub;
  private final WsAccess access;
  private final Map<String, Replay> replays = new LinkedHashMap<>();
  private TcpIngest tcp;

  /**
   * The module as {@code serve} runs it: decoding with the gateway's DBC catalogue, storing live
   * rows in the gateway's sink when {@code live.store} is on.
   */
  public static LiveModule create(GatewayContext context) {
    GatewayConfig.Live live = context.config().live();
    LiveStore store =
        live.store()
            ? new SinkLiveStore(
                context.outputs(),
                context.signals(),
                context.meters(),
                live.storeBatchRows(),
                live.storeFlushMillis(),
                live.storeQueueRows())
            : LiveStore.NONE;
    return new LiveModule(context, liveDecoders(context), store);
  }

  /** Per device: its DBC mapping, for frames inside the configured timestamp window. */
  private static Function<String, LiveDecoder> liveDecoders(GatewayContext context) {
    TimestampWindow window = context.timestampWindow("live");
    return device ->
        LiveDecoder.within(
            window, new DbcLiveDecoder(bus -> context.dbcs().forDevice(device).forBus(bus)));
  }

  /** Live data is not stored. */
  public LiveModule(GatewayContext context, Function<String, LiveDecoder> decoders) {
    this(context, decoders, LiveStore.NONE);
  }

  /**
   * @param decoders the live decoder of a device (its DBC mapping)
   * @param store where live-decoded rows go ({@link LiveStore#NONE}: not stored)
   */
  LiveModule(GatewayContext context, Function<String, LiveDecoder> decoders, LiveStore store) {
    this.context = context;
    this.decoders = decoders;
    this.store = store;
    this.hub = new LiveHub(context.vertx(), context.meters());
    this.access = new WsAccess(context.auth(), context.config().live().allowedOrigins());
  }

  @Override
  public String name() {
    return "live";
  }

  public LiveHub hub() {
    return hub;
  }

  /** The TCP listener's port, or -1 when it is off. */
  public int tcpPort() {
    return tcp == null ? -1 : tcp.port();
  }

  @Override
  public void mount(Router router, GatewayContext ctx) {
    StaticHandler webroot = StaticHandler.create("webroot").setIndexPage("index.html");
    router.get("/").handler(webroot);
    router.get("/index.html").handler(webroot);
    // A regex route: StaticHandler strips the prefix of a "/assets/*" route from the file path.
    router.getWithRegex("/assets/[^/]+").handler(webroot);
    router.route("/ws/live").handler(this::live);
    router.route("/ws/ingest/:device").handler(this::ingest);
    router.post("/api/v1/devices/:device/replay").handler(this::startReplay);
    router.get("/api/v1/replays").handler(this::listReplays);
    router.get("/api/v1/replays/:id").handler(this::replayStatus);
    router.delete("/api/v1/replays/:id").handler(this::stopReplay);
  }

  @Override
  public Future<Void> start(GatewayContext ctx) {
    GatewayConfig.Live live = ctx.config().live();
    if (!live.tcpEnabled()) {
      return Future.succeededFuture();
    }
    tcp =
        new TcpIngest(
            ctx.vertx(),
            hub,
            decoders,
            store,
            access::mayAccess,
            new TcpIngest.Limits(
                live.tcpIdleTimeoutSeconds(),
                live.tcpHelloTimeoutSeconds(),
                ctx.config().http().connectionLimit()),
            ctx.meters());
    return tcp.listen(ctx.config().bindHost(), live.tcpPort())
        .onSuccess(
            s ->
                LOG.info(
                    "live candump TCP listener on {}:{}", ctx.config().bindHost(), s.actualPort()))
        .mapEmpty();
  }

  @Override
  public Future<Void> stop(GatewayContext ctx) {
    synchronized (replays) {
      replays.values().forEach(Replay::stop);
    }
    hub.close();
    Future<Void> closed = tcp == null ? Future.succeededFuture() : tcp.close();
    if (store instanceof SinkLiveStore s) {
      // Commits what is queued before the sink closes (services close after the modules).
      closed =
          closed.compose(
              v ->
                  ctx.vertx()
                      .executeBlocking(
                          () -> {
                            s.close();
                            return null;
                          }));
    }
    return closed;
  }

  private boolean upgradeAllowed(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      Responses.error(ctx, 400, "this endpoint speaks WebSocket only");
      return false;
    }
    String originProblem = access.checkOrigin(req);
    if (originProblem != null) {
      Responses.error(ctx, 403, originProblem);
      return false;
    }
    return true;
  }

  private void live(RoutingContext ctx) {
    if (!upgradeAllowed(ctx)) {
      return;
    }
    HttpServerRequest req = ctx.request();
    if (!access.mayRead(req)) {
      Responses.error(ctx, 401, "missing or invalid token (header or ?token=)");
      return;
    }
    String authorization = WsAccess.authorization(req);
    Predicate<String> devices =
        access.deviceScoped(authorization) ? d -> access.mayAccess(authorization, d) : d -> true;
    req.toWebSocket().onSuccess(ws -> LiveSocket.accept(ws, hub, devices, context.config()));
  }

  private void ingest(RoutingContext ctx) {
    if (!upgradeAllowed(ctx)) {
      return;
    }
    String device = ctx.pathParam("device");
    if (!DeviceId.valid(device)) {
      Responses.error(ctx, 400, DeviceId.problem(device));
      return;
    }
    String authorization = WsAccess.authorization(ctx.request());
    if (!access.mayAccess(authorization, device)) {
      // As for uploads: 401 without a valid token, 403 for a valid token of other devices.
      if (access.mayRead(ctx.request())) {
        Responses.error(ctx, 403, "this token may not ingest for device " + device);
      } else {
        Responses.error(ctx, 401, "missing or invalid token (header or ?token=)");
      }
      return;
    }
    LiveDecoder decoder = decoders.apply(device);
    ctx.request()
        .toWebSocket()
        .onSuccess(ws -> IngestSocket.accept(ws, device, hub, decoder, store, context.config()));
  }

  /**
   * {@code POST /api/v1/devices/{device}/replay?speed=1&name=file.mf4} with the log file as the
   * body (any supported format). Answers 202 with the replay's id and status URL.
   */
  private void startReplay(RoutingContext ctx) {
    String device = ctx.pathParam("device");
    if (!DeviceId.valid(device)) {
      Responses.error(ctx, 400, DeviceId.problem(device));
      return;
    }
    if (!context.auth().mayAccess(ctx.request().getHeader("Authorization"), device)) {
      Responses.error(ctx, 403, "this token may not act on device " + device);
      return;
    }
    double speed;
    try {
      String s = ctx.request().getParam("speed");
      speed = s == null ? 1.0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      speed = -1;
    }
    if (!(speed >= 0 && speed <= 1000)) {
      Responses.error(ctx, 400, "speed must be a number from 0 (as fast as possible) to 1000");
      return;
    }
    long max = context.config().http().maxUploadBytes();
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > max) {
      RequestBodies.rejectAndClose(ctx, 413, tooLarge(max));
      return;
    }
    String name = ctx.request().getParam("name", "replay.log");
    if (name.isEmpty() || name.length() > MAX_REPLAY_NAME) {
      Responses.error(
          ctx, 400, "name must be 1-" + MAX_REPLAY_NAME + " characters, found " + name.length());
      return;
    }
    double replaySpeed = speed;
    HttpServerRequest req = ctx.request();
    req.pause();
    var fs = context.vertx().fileSystem();
    // in the data directory's spool, which every start empties: a replay's file never outlives a
    // crash in the system temporary directory
    String spoolDir = context.config().storage().dataPath().resolve("spool").toString();
    fs.createTempFile(
            spoolDir, "replay-", "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"), (String) null)
        .compose(
            path -> fs.open(path, new OpenOptions().setWrite(true)).map(f -> Map.entry(path, f)))
        .onFailure(e -> Responses.error(ctx, 500, "cannot spool the log: " + e.getMessage()))
        .onSuccess(
            e -> spool(ctx, Path.of(e.getKey()), e.getValue(), max, device, name, replaySpeed));
  }

  private void spool(
      RoutingContext ctx,
      Path path,
      AsyncFile file,
      long max,
      String device,
      String name,
      double speed) {
    BodySpool.stream(
        ctx,
        file,
        path,
        max,
        new BodySpool.Outcome() {
          @Override
          public void tooLarge() {
            RequestBodies.rejectAndClose(ctx, 413, LiveModule.tooLarge(max));
          }

          @Override
          public void cutOff(Throwable cause) {
            // nobody to answer; the replay never starts
          }

          @Override
          public void received(long bytes) {
            Replay r = launch(device, name, path, speed);
            Map<String, Object> body = r.status();
            body.put("status", "/api/v1/replays/" + r.id);
            Responses.json(ctx, 202, body);
          }

          @Override
          public void failed(Throwable cause) {
            Responses.error(ctx, 500, "cannot spool the log: " + cause.getMessage());
          }
        });
  }

  private static String tooLarge(long max) {
    return "log file larger than http.maxUploadBytes (" + max + " bytes)";
  }

  private Replay launch(String device, String name, Path file, double speed) {
    Replay r =
        new Replay(
            UUID.randomUUID().toString(),
            device,
            name,
            file,
            true,
            speed,
            hub,
            decoders.apply(device),
            store,
            context.config().decode().passwords());
    synchronized (replays) {
      replays.put(r.id, r);
      if (replays.size() > MAX_REPLAYS_KEPT) {
        replays
            .values()
            .removeIf(x -> x.state() != Replay.State.RUNNING && replays.size() > MAX_REPLAYS_KEPT);
      }
    }
    Thread.ofVirtual().name("live-replay-" + device).start(r);
    LOG.info("[device: {}] replay {} of {} at {}x started", device, r.id, name, speed);
    return r;
  }

  private Replay replay(RoutingContext ctx) {
    Replay r;
    synchronized (replays) {
      r = replays.get(ctx.pathParam("id"));
    }
    if (r == null
        || !context.auth().mayAccess(ctx.request().getHeader("Authorization"), r.device)) {
      Responses.error(ctx, 404, "no such replay: " + ctx.pathParam("id"));
      return null;
    }
    return r;
  }

  private void replayStatus(RoutingContext ctx) {
    Replay r = replay(ctx);
    if (r != null) {
      Responses.json(ctx, 200, r.status());
    }
  }

  private void stopReplay(RoutingContext ctx) {
    Replay r = replay(ctx);
    if (r != null) {
      r.stop();
      Responses.json(ctx, 202, r.status());
    }
  }

  private void listReplays(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    List<Map<String, Object>> list = new ArrayList<>();
    synchronized (replays) {
      for (Replay r : replays.values()) {
        if (context.auth().mayAccess(auth, r.device)) {
          list.add(r.status());
        }
      }
    }
    Responses.json(ctx, 200, Map.of("replays", list));
  }
}
