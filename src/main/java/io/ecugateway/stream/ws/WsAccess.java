package io.ecugateway.stream.ws;

import io.ecugateway.app.TokenAuth;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Who may open a live WebSocket: the same bearer tokens as the API (header {@code Authorization:
 * Bearer …}, or {@code ?token=…} because browsers cannot set headers on WebSockets), and, for
 * browsers, only pages of the gateway itself or of a configured origin (a foreign page must not use
 * a user's network position to read or inject live data).
 */
final class WsAccess {
  private final TokenAuth auth;
  private final List<String> allowedOrigins;

  WsAccess(TokenAuth auth, List<String> allowedOrigins) {
    this.auth = auth;
    this.allowedOrigins =
        allowedOrigins.stream().map(o -> stripSlash(o.toLowerCase(Locale.ROOT))).toList();
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
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return null; // not a browser: the token decides
    }
    String o = stripSlash(origin.toLowerCase(Locale.ROOT));
    if (allowedOrigins.contains(o)) {
      return null;
    }
    String host = req.getHeader("Host");
    try {
      URI u = URI.create(o);
      String authority = u.getRawAuthority();
      if (host != null && authority != null && authority.equalsIgnoreCase(host)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      return "malformed Origin header";
    }
    return "origin " + origin + " is not allowed (configure live.allowedOrigins)";
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

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
