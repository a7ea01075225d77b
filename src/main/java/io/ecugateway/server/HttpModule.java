package io.ecugateway.server;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * A feature that serves HTTP routes (uploads, queries, live streams...). The server mounts every
 * module of {@code app.GatewayServer.MODULES} on one router; adding a feature means adding one
 * entry there, not editing the bootstrap.
 *
 * <p>Handlers run on the event loop: they frame requests and dispatch; anything that blocks (files,
 * decoding, database) goes through {@link GatewayContext#blocking()}.
 */
public interface HttpModule {

  /** Short name for logs. */
  String name();

  /**
   * Adds this module's routes. Routes under {@code /api/} are already behind the token check
   * ({@link GatewayContext#auth()}); per-device checks are the module's job.
   */
  void mount(Router router, GatewayContext context);

  /** Called once after all modules are mounted and before the port opens (e.g. resume work). */
  default Future<Void> start(GatewayContext context) {
    return Future.succeededFuture();
  }

  /**
   * Graceful stop: stop taking new work and finish (or hand back to the journal) what is running,
   * within the drain timeout. Called before the store closes.
   */
  default Future<Void> stop(GatewayContext context) {
    return Future.succeededFuture();
  }
}
