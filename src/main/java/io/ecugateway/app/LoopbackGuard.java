package io.ecugateway.app;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.server.OriginRule;
import io.ecugateway.server.Responses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without tokens the gateway serves whoever reaches its loopback port, and browsers reach it too: a
 * foreign page can send uploads and replays to it (CSRF) and, by DNS rebinding (its own name
 * re-resolved to 127.0.0.1), read its answers and open its WebSockets as if it were the gateway's
 * page. Mounted first, in no-token mode only, this serves only requests addressed to a loopback
 * name or address or to {@code http.host} ({@code Host}, any port; 421 otherwise), and refuses
 * state-changing requests and WebSocket upgrades from foreign pages ({@link OriginRule}; 403).
 * Requests without {@code Host} or {@code Origin} are not from browsers and pass.
 */
final class LoopbackGuard implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackGuard.class);
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final String configuredHost;
  private final OriginRule origins;
  private final Counter foreignHost;
  private final Counter foreignOrigin;

  LoopbackGuard(GatewayConfig config, MeterRegistry meters) {
    this.configuredHost = normalise(config.http().host());
    this.origins = new OriginRule(config.live().allowedOrigins());
    this.foreignHost = refusals(meters, "host");
    this.foreignOrigin = refusals(meters, "origin");
  }

  private static Counter refusals(MeterRegistry meters, String reason) {
    return Counter.builder("ecugw.requests.refused")
        .description("Requests refused in no-token mode for a foreign Host or Origin")
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String problem = checkHost(req);
    if (problem != null) {
      refuse(ctx, 421, problem, foreignHost);
      return;
    }
    if (!SAFE.contains(req.method()) || isWebSocketUpgrade(req)) {
      problem = origins.check(req.getHeader("Origin"), req.getHeader("Host"));
      if (problem != null) {
        refuse(ctx, 403, problem, foreignOrigin);
        return;
      }
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, int status, String problem, Counter counter) {
    counter.increment();
    HttpServerRequest req = ctx.request();
    LOG.warn(
        "refused {} {} [host: {}, origin: {}]: {}",
        req.method(),
        req.path(),
        req.getHeader("Host"),
        req.getHeader("Origin"),
        problem);
    Responses.error(ctx, status, problem);
  }

  /** Null if the request is addressed to this gateway, else the reason. */
  private String checkHost(HttpServerRequest req) {
    HostAndPort authority = req.authority();
    if (authority == null) {
      return req.getHeader("Host") == null ? null : "malformed Host header";
    }
    // The name alone decides: a rebinding page cannot make the browser send a loopback name, and
    // any port is fine (an SSH tunnel or port mapping may change it).
    if (!isOwnName(normalise(authority.host()))) {
      return "Host "
          + req.getHeader("Host")
          + " is not this gateway: without auth tokens it answers only to localhost, a loopback"
          + " address or http.host";
    }
    return null;
  }

  /**
   * Loopback by name or literal address (never looked up: a DNS answer is what rebinding forges).
   */
  private boolean isOwnName(String host) {
    if (host.equals("localhost") || (!configuredHost.isEmpty() && host.equals(configuredHost))) {
      return true;
    }
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
    return literal != null && literal.isLoopbackAddress();
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest req) {
    String upgrade = req.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /** Lower case, without IPv6 brackets or a trailing dot ({@code [::1]}, {@code localhost.}). */
  private static String normalise(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
