package io.ecugateway.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/** Answers for request bodies the gateway will not read to the end. */
public final class RequestBodies {
  /**
   * How long the rest of an unwanted body is still read (and discarded) after the error response,
   * before the connection is closed: closing with unread data makes the kernel send a reset, which
   * can make the client lose the response it has not read yet.
   */
  static final long LINGER_MS = 1000;

  private RequestBodies() {}

  /**
   * Sends the error at once, discards whatever of the body still arrives and closes the connection
   * shortly after (HTTP/1; an HTTP/2 stream is reset by Vert.x when the response ends first).
   */
  public static void rejectAndClose(RoutingContext ctx, int status, String message) {
    HttpServerRequest req = ctx.request();
    if (!req.isEnded()) {
      req.handler(buf -> {});
      req.resume();
      if (req.version() != HttpVersion.HTTP_2) {
        ctx.response().putHeader("Connection", "close");
        ctx.addEndHandler(v -> ctx.vertx().setTimer(LINGER_MS, id -> req.connection().close()));
      }
    }
    Responses.error(ctx, status, message);
  }
}
