package io.ecugateway.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Bearer-token checks. Tokens are compared in constant time. With no token configured every request
 * passes (the server then binds loopback only, see {@link ConfigSections#bindHost()}).
 */
public final class TokenAuth {
  private final AuthConfig config;

  public TokenAuth(AuthConfig config) {
    this.config = config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** May the holder of this Authorization header use the API at all (any device)? */
  public boolean authenticated(String authorizationHeader) {
    if (!enabled()) {
      return true;
    }
    String token = bearer(authorizationHeader);
    if (token == null) {
      return false;
    }
    if (matches(token, config.tokens())) {
      return true;
    }
    for (List<String> tokens : config.deviceTokens().values()) {
      if (matches(token, tokens)) {
        return true;
      }
    }
    return false;
  }

  /** May the holder act on {@code device}: a global token, or one of that device's tokens. */
  public boolean mayAccess(String authorizationHeader, String device) {
    if (!enabled()) {
      return true;
    }
    String token = bearer(authorizationHeader);
    if (token == null) {
      return false;
    }
    return matches(token, config.tokens())
        || matches(token, config.deviceTokens().getOrDefault(device, List.of()));
  }

  /** Is this a token limited to some devices (so it must not list other devices' data)? */
  public boolean isDeviceScoped(String authorizationHeader) {
    if (!enabled()) {
      return false;
    }
    String token = bearer(authorizationHeader);
    return token == null || !matches(token, config.tokens());
  }

  public Map<String, List<String>> deviceTokens() {
    return config.deviceTokens();
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static boolean matches(String token, List<String> candidates) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (String c : candidates) {
      found |= MessageDigest.isEqual(given, c.getBytes(StandardCharsets.UTF_8));
    }
    return found;
  }
}
