package io.ecugateway.app;

import io.ecugateway.api.QueryModule;
import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.UploadModule;
import io.ecugateway.s3import.S3ImportModule;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.Responses;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.server.TokenAuth;
import io.ecugateway.server.VirtualWorkers;
import io.ecugateway.sink.FanOut;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SignalQueries;
import io.ecugateway.stream.ws.LiveModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the gateway: Vert.x (native epoll when available), metrics, the shared {@link
 * GatewayContext}, every {@link HttpModule} of {@link #MODULES}, then the HTTP port. {@link
 * #close()} is the graceful stop: close the port, let modules and the upload service drain, close
 * the store.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  /**
   * The feature modules, in mount order. A new feature adds its factory here (one line). Each
   * receives the context, which holds the shared services.
   */
  public static final List<Function<GatewayContext, HttpModule>> MODULES =
      List.of(UploadModule::create, QueryModule::new, LiveModule::create, S3ImportModule::create);

  private final GatewayContext context;
  private final List<HttpModule> modules;

  /** One server per event loop that accepts connections; all share one port. */
  private final List<HttpServer> http;

  private final List<AutoCloseable> services;

  private GatewayServer(
      GatewayContext context,
      List<HttpModule> modules,
      List<HttpServer> http,
      List<AutoCloseable> services) {
    this.context = context;
    this.modules = modules;
    this.http = http;
    this.services = services;
  }

  /** Starts everything and returns once the port is open; throws if anything fails to start. */
  public static GatewayServer start(GatewayConfig config) throws Exception {
    return startWith(config, MODULES);
  }

  /** Starts with a chosen module list (tests mount only what they exercise). */
  public static GatewayServer startWith(
      GatewayConfig config, List<Function<GatewayContext, HttpModule>> moduleFactories)
      throws Exception {
    config.validate();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setPreferNativeTransport(true)
                    .setFileSystemOptions(
                        new FileSystemOptions().setFileCacheDir(fileCacheDir(config).toString()))
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(prometheus))
            .build();
    vertx.exceptionHandler(GatewayServer::unhandled);
    List<AutoCloseable> services = new ArrayList<>();
    try {
      services.add(OpsModule.bindJvmMetrics(prometheus));
      LOG.info(
          "Vert.x transport: {}",
          vertx.isNativeTransportEnabled()
              ? "native epoll"
              : "JDK NIO (" + vertx.unavailableNativeTransportCause() + ")");
      VirtualWorkers blocking =
          new VirtualWorkers(vertx, "blocking-", config.decode().blockingThreads());
      services.add(blocking);
      TokenAuth auth = new TokenAuth(config.auth());
      LOG.info("opening the store: {}", Sinks.describe(config));
      FanOut outputs = Sinks.open(config, prometheus);
      services.add(outputs);
      // validate() made sure storage.sink is listed and answers queries
      SignalOutput queryStore = outputs.output(config.storage().sink());
      DbcCatalog dbcs =
          new DbcCatalog(
              config.decode().dbcPath(),
              config.decode().defaultDbcs(),
              config.decode().deviceDbcs(),
              config.transport().enabled()
                  ? io.ecugateway.transport.DbcTransport::matchLongMessagesByPgn
                  : java.util.function.UnaryOperator.identity());
      LOG.info("DBC files in {}: {}", config.decode().dbcPath(), dbcs.fileNames());
      java.nio.file.Files.createDirectories(config.storage().dataPath());
      SignalIndex signals =
          new SignalIndex(
              config.storage().dataPath().resolve("signals-" + config.storage().sink() + ".json"));
      GatewayContext context =
          new GatewayContext(
              config,
              vertx,
              prometheus,
              blocking,
              auth,
              outputs,
              (SignalQueries) queryStore,
              dbcs,
              signals);
      context.addReadinessCheck("store", queryStore::ping);
      for (SignalOutput output : outputs.outputs()) {
        context.addReadinessCheck("output." + output.name(), output::ping);
      }
      // One upload service for every path that receives logs; it drains before the store closes.
      Ingest ingest = Ingest.create(context);
      services.add(ingest);
      context.share(Ingest.class, ingest);
      if (config.decode().reloadSeconds() > 0) {
        vertx.setPeriodic(
            config.decode().reloadSeconds() * 1000L, id -> blocking.submit(dbcs::refresh));
      }

      Router router = Router.router(vertx);
      if (!auth.enabled()) {
        router.route().handler(new LoopbackGuard(config, prometheus));
      }
      List<HttpModule> modules = new ArrayList<>();
      modules.add(new OpsModule(prometheus));
      io.micrometer.core.instrument.Counter authFailures =
          prometheus.counter("ecugw.auth.failures", "endpoint", "api");
      router
          .route("/api/*")
          .handler(
              ctx -> {
                if (auth.authenticated(ctx.request().getHeader("Authorization"))) {
                  ctx.next();
                } else {
                  authFailures.increment();
                  ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ecu-gateway\"");
                  Responses.error(ctx, 401, "missing or invalid bearer token");
                }
              });
      for (Function<GatewayContext, HttpModule> factory : moduleFactories) {
        modules.add(factory.apply(context));
      }
      for (HttpModule module : modules) {
        module.mount(router, context);
      }
      router
          .route()
          .last()
          .handler(ctx -> Responses.error(ctx, 404, "no such endpoint: " + ctx.request().path()));
      router.errorHandler(500, ctx -> internalError(ctx));
      ingest.start();
      for (HttpModule module : modules) {
        await(module.start(context), "start of module " + module.name());
      }
      if (config.s3().enabled()) { // closed before the upload service (services close reversed)
        services.add(io.ecugateway.s3.S3Server.start(context));
      }

      List<HttpServer> http = listen(vertx, config, router, prometheus);
      if (!auth.enabled()) {
        LOG.warn(
            "*** NO AUTH TOKENS CONFIGURED: accepting requests without a token, bound to {} only."
                + " Set auth.tokens (ECUGW_AUTH_TOKENS) to serve the network. ***",
            config.bindHost());
      }
      LOG.info(
          "ecu-gateway listening on http://{}:{} ({} event loops)",
          config.bindHost(),
          http.get(0).actualPort(),
          http.size());
      return new GatewayServer(context, List.copyOf(modules), http, services);
    } catch (Exception | Error e) {
      closeQuietly(services);
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Where Vert.x copies the dashboard's files out of the jar: in the data directory, emptied at
   * start. Vert.x removes its copy only at a normal stop, so in the system temporary directory
   * every {@code kill -9} would leave one behind.
   */
  private static Path fileCacheDir(GatewayConfig config) throws IOException {
    Path dir = config.storage().dataPath().resolve("vertx-cache");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> leftovers = Files.walk(dir)) {
        for (Path p : leftovers.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /**
   * Opens the HTTP port on as many event loops as there are cores: Vert.x serves a connection on
   * the event loop of the server that accepted it, so a single server would serve every connection
   * (uploads, hundreds of dashboards, live ingest) from one thread. Each server is started by its
   * own deployment (and so on its own event loop); they listen on the same address, which Vert.x
   * binds once (one free port for port 0) and spreads new connections over them.
   */
  private static List<HttpServer> listen(
      Vertx vertx,
      GatewayConfig config,
      Router router,
      io.micrometer.core.instrument.MeterRegistry meters)
      throws Exception {
    ConnectionGuard guard = new ConnectionGuard(vertx, config.http(), meters);
    int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    List<HttpServer> servers = new ArrayList<>();
    // Same host and port: Vert.x shares one bound socket among them. For "any free port" Vert.x
    // shares a random port between servers asking for the same negative port (0 is not shared).
    int port = config.http().port() == 0 ? -1 : config.http().port();
    for (int i = 0; i < loops; i++) {
      HttpListener listener =
          new HttpListener(
              new HttpServerOptions()
                  .setHost(config.bindHost())
                  .setPort(port)
                  .setCompressionSupported(true)
                  // Cleartext HTTP/2 would postpone the connection (and ConnectionGuard's count
                  // and deadline) until a client's first bytes; browsers use HTTP/2 only over TLS.
                  .setHttp2ClearTextEnabled(false)
                  .setIdleTimeout(config.http().idleTimeoutSeconds())
                  .setMaxWebSocketFrameSize(config.live().maxMessageBytes())
                  .setMaxWebSocketMessageSize(config.live().maxMessageBytes()),
              router,
              guard);
      await(vertx.deployVerticle(listener), "listen on " + config.bindHost() + ":" + port);
      servers.add(listener.server);
    }
    if (servers.stream().mapToInt(HttpServer::actualPort).distinct().count() != 1) {
      throw new IllegalStateException("the HTTP servers did not share one port");
    }
    return List.copyOf(servers);
  }

  /** One HTTP server on the event loop of its deployment. */
  private static final class HttpListener extends VerticleBase {
    private final HttpServerOptions options;
    private final Router router;
    private final ConnectionGuard guard;
    private HttpServer server;

    HttpListener(HttpServerOptions options, Router router, ConnectionGuard guard) {
      this.options = options;
      this.router = router;
      this.guard = guard;
    }

    @Override
    public Future<?> start() {
      server = vertx.createHttpServer(options);
      guard.install(server, router);
      return server.listen();
    }
  }

  private static void internalError(io.vertx.ext.web.RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException || ctx.response().closed()) {
      LOG.info(
          "request {} {} ended: the client closed the connection",
          ctx.request().method(),
          ctx.request().path());
      return; // nobody to answer; not a failure of the gateway
    }
    LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    Responses.error(
        ctx, 500, "internal error: " + (failure == null ? "unknown" : failure.getMessage()));
  }

  /**
   * Exceptions no handler of ours caught. Vert.x's body handler closes an aborted multipart
   * upload's file twice (eclipse-vertx/vert.x#4165); the second close fails harmlessly and would
   * otherwise print a stack trace for every client that leaves mid-upload.
   */
  private static void unhandled(Throwable t) {
    if (t instanceof IllegalStateException && "File handle is closed".equals(t.getMessage())) {
      LOG.debug("an aborted upload's file was closed twice by Vert.x: {}", t.toString());
    } else {
      LOG.error("unhandled exception", t);
    }
  }

  private static <T> T await(Future<T> future, String what) throws Exception {
    try {
      return future.await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return http.get(0).actualPort();
  }

  public GatewayContext context() {
    return context;
  }

  /** The S3 endpoint's bound port, or -1 when {@code s3.enabled} is false. */
  public int s3Port() {
    return services.stream()
        .filter(io.ecugateway.s3.S3Server.class::isInstance)
        .mapToInt(s -> ((io.ecugateway.s3.S3Server) s).port())
        .findFirst()
        .orElse(-1);
  }

  /**
   * Graceful stop: close the port, let modules drain (bounded), close services (the upload service
   * drains first) and Vert.x.
   */
  @Override
  public void close() {
    int drain = context.config().section(ShutdownConfig.class).drainSeconds();
    LOG.info("stopping: closing the HTTP port, draining for up to {} s", drain);
    for (HttpServer server : http) {
      try {
        server.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("closing the HTTP server: {}", e.toString());
      }
    }
    for (HttpModule module : modules.reversed()) {
      try {
        module.stop(context).await(drain + 5L, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("stopping module {}: {}", module.name(), e.toString());
      }
    }
    closeQuietly(services);
    try {
      context.vertx().close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.toString());
    }
    LOG.info("stopped");
  }

  private static void closeQuietly(List<AutoCloseable> services) {
    for (AutoCloseable c : services.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {}: {}", c, e.toString());
      }
    }
  }
}
