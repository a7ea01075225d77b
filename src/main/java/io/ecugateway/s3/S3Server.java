package io.ecugateway.s3;

import io.ecugateway.ingest.Ingest;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 endpoint's listener ({@code s3.port}, HTTPS with {@code s3.tls}), one HTTP server per
 * event loop sharing the port, over the objects in {@code <storage.dataDir>/s3/}. Started by the
 * server after the upload service, closed before it.
 */
public final class S3Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);

  private final List<HttpServer> servers;

  private S3Server(List<HttpServer> servers) {
    this.servers = servers;
  }

  /**
   * Opens the store, shares the device heartbeats ({@link DeviceHeartbeats}) and opens the port.
   * Blocking (call at start, not on an event loop).
   */
  public static S3Server start(GatewayContext context) throws Exception {
    S3Config config = context.config().section(S3Config.class);
    ObjectStore store =
        new ObjectStore(context.config().dataPath().resolve("s3"), config.buckets());
    DeviceHeartbeats heartbeats = new DeviceHeartbeats();
    S3Metrics metrics = new S3Metrics(context.meters());
    S3Objects objects = new S3Objects(store, context.service(Ingest.class), heartbeats, metrics);
    objects.loadHeartbeats(config.buckets());
    context.share(DeviceHeartbeats.class, heartbeats);
    S3Handler handler =
        new S3Handler(config, context.vertx(), context.blocking(), objects, metrics);
    int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    // Port 0: Vert.x shares one random port among servers asking for the same negative port; the
    // HTTP listener asks with -1, so this one asks with -2 to get a port of its own.
    int port = config.port() == 0 ? -2 : config.port();
    List<HttpServer> servers = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      Listener l = new Listener(options(context, config, port), handler);
      context.vertx().deployVerticle(l).await(1, TimeUnit.MINUTES);
      servers.add(l.server);
    }
    LOG.info(
        "S3 endpoint listening on {}://{}:{} (buckets {}, {} access key(s))",
        config.tls().enabled() ? "https" : "http",
        config.bindHost(),
        servers.getFirst().actualPort(),
        config.buckets(),
        config.credentials().size());
    return new S3Server(List.copyOf(servers));
  }

  private static HttpServerOptions options(GatewayContext context, S3Config config, int port) {
    HttpServerOptions o =
        new HttpServerOptions()
            .setHost(config.bindHost())
            .setPort(port)
            .setIdleTimeout(context.config().section(HttpConfig.class).idleTimeoutSeconds())
            .setHttp2ClearTextEnabled(false)
            .setDecompressionSupported(false);
    if (config.tls().enabled()) {
      o.setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.tls().certPath())
                  .setKeyPath(config.tls().keyPath()));
    }
    return o;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return servers.getFirst().actualPort();
  }

  /** Closes the port; requests in flight finish or fail, unacknowledged bodies are discarded. */
  @Override
  public void close() {
    for (HttpServer s : servers) {
      try {
        s.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("closing the S3 listener: {}", e.toString());
      }
    }
  }

  private static final class Listener extends VerticleBase {
    private final HttpServerOptions options;
    private final S3Handler handler;
    private HttpServer server;

    Listener(HttpServerOptions options, S3Handler handler) {
      this.options = options;
      this.handler = handler;
    }

    @Override
    public Future<?> start() {
      server = vertx.createHttpServer(options).requestHandler(handler);
      return server.listen();
    }
  }
}
