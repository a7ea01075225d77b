package io.ecugateway.s3import;

import io.ecugateway.ingest.Ingest;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.ShutdownConfig;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code s3import} section at work in the running gateway: one virtual thread imports the
 * bucket, pauses {@code intervalSeconds}, and again, until the gateway stops. It serves no routes
 * (progress is in the log and {@code /metrics}); it is a module for its start and graceful stop.
 */
public final class S3ImportModule implements HttpModule {
  private static final Logger LOG = LoggerFactory.getLogger(S3ImportModule.class);

  private final Ingest ingest;
  private final S3ImportConfig settings;
  private volatile boolean stopping;
  private volatile BucketImporter importer;
  private Thread poller;

  S3ImportModule(Ingest ingest, S3ImportConfig settings) {
    this.ingest = ingest;
    this.settings = settings;
  }

  /** The module over the server's upload service and its {@code s3import} settings. */
  public static S3ImportModule create(GatewayContext context) {
    return new S3ImportModule(
        context.service(Ingest.class), context.config().section(S3ImportConfig.class));
  }

  @Override
  public String name() {
    return "s3import";
  }

  @Override
  public void mount(Router router, GatewayContext context) {
    // no routes
  }

  @Override
  public Future<Void> start(GatewayContext context) {
    if (settings.enabled()) {
      poller =
          Thread.ofVirtual()
              .name("s3import")
              .start(() -> poll(context.config().dataPath(), context));
    }
    return Future.succeededFuture();
  }

  private void poll(Path dataDir, GatewayContext context) {
    while (!stopping) {
      try {
        if (importer == null) {
          importer = BucketImporter.open(ingest, settings, dataDir, context.meters());
          LOG.info(
              "s3import: importing {} every {} s", importer.location(), settings.intervalSeconds());
        }
        importer.runOnce();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) { // a pass that fails is tried again after the interval
        LOG.error("s3import: pass over {} failed: {}", settings.bucket(), e.toString());
      }
      if (!pause()) {
        return;
      }
    }
  }

  /** Waits {@code intervalSeconds}, waking early on stop; false when interrupted. */
  private boolean pause() {
    long end = System.nanoTime() + Duration.ofSeconds(settings.intervalSeconds()).toNanos();
    try {
      while (!stopping && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Stops the poller: no new downloads; downloads under way finish and are handed to the pipeline
   * within the drain time. Only a pass still running then is interrupted (an object not recorded as
   * imported is imported at the next start); interrupting earlier could cut {@link Ingest#accept}
   * short between its journal record and its return.
   */
  @Override
  public Future<Void> stop(GatewayContext context) {
    stopping = true;
    if (poller == null) {
      return Future.succeededFuture();
    }
    BucketImporter running = importer;
    if (running != null) {
      running.stop();
    }
    return context
        .vertx()
        .executeBlocking(
            () -> {
              if (!poller.join(
                  Duration.ofSeconds(
                      context.config().section(ShutdownConfig.class).drainSeconds()))) {
                poller.interrupt();
                poller.join(Duration.ofSeconds(5));
              }
              if (running != null) {
                running.close();
              }
              return null;
            });
  }
}
