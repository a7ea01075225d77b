package io.ecugateway.stream.ws;

import io.ecugateway.server.OriginRule;
import io.ecugateway.server.TokenAuth;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Who may open a live WebSocket: the same bearer tokens as the API (header {@code Authorization:
 * Bearer …}, or {@code ?token=…} because browsers cannot set headers on WebSockets), and, for
 * browsers, only pages of the gateway itself or of a configured origin (a foreign page must not use
 * a user's network position to read or inject live data).
 */
final class WsAccess {
  private final TokenAuth auth;
  private final OriginRule origins;

  WsAccess(TokenAuth auth, List<String> allowedOrigins) {
    this.auth = auth;
    this.origins = new OriginRule(allowedOrigins);
  }

  /** The Authorization header to check: the real one, or one made from {@code ?token=}. */
  static String authorization(HttpServerRequest req) {
    String header = req.getHeader("Authorization");
    if (header != null) {
      return header;
    }
    String token = req.getParam("token");
    return token == null || token.isEmpty() ? null : "Bearer " + token;
  }

  /** Null if the origin is acceptable, else the reason for refusing. */
  String checkOrigin(HttpServerRequest req) {
    return origins.check(req.getHeader("Origin"), req.getHeader("Host"));
  }

  boolean mayRead(HttpServerRequest req) {
    return auth.authenticated(authorization(req));
  }

  boolean mayAccess(String authorization, String device) {
    return auth.mayAccess(authorization, device);
  }

  boolean deviceScoped(String authorization) {
    return auth.isDeviceScoped(authorization);
  }
}
