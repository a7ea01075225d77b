package io.ecugateway.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser pages may act on the gateway: its own (the page's origin names the host the request
 * was sent to) and those of {@code live.allowedOrigins}. A request without {@code Origin} is not
 * from a browser page and passes; credentials decide about it.
 */
public final class OriginRule {
  private final List<String> allowedOrigins;

  public OriginRule(List<String> allowedOrigins) {
    this.allowedOrigins =
        allowedOrigins.stream().map(o -> stripSlash(o.toLowerCase(Locale.ROOT))).toList();
  }

  /**
   * @param origin the request's {@code Origin} header (may be null)
   * @param host its {@code Host} header (may be null)
   * @return null if the origin is acceptable, else the reason for refusing
   */
  public String check(String origin, String host) {
    if (origin == null) {
      return null;
    }
    String o = stripSlash(origin.toLowerCase(Locale.ROOT));
    if (allowedOrigins.contains(o)) {
      return null;
    }
    try {
      String authority = URI.create(o).getRawAuthority();
      if (host != null && authority != null && authority.equalsIgnoreCase(host)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      return "malformed Origin header";
    }
    return "origin " + origin + " is not allowed (configure live.allowedOrigins)";
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
