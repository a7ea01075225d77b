package io.ecugateway.server;

import java.util.List;

/**
 * The {@code http} section.
 *
 * @param host address to bind; empty = 0.0.0.0 when tokens are configured, 127.0.0.1 otherwise
 * @param port HTTP port (0 = any free port, for tests)
 * @param maxUploadBytes larger uploads are refused with 413
 * @param idleTimeoutSeconds a connection with nothing received or sent for this long is closed (a
 *     stalled request body included); WebSockets are pinged so they never go idle
 * @param requestTimeoutSeconds a connection must complete the headers of each request within this
 *     time from its start (or from the end of the previous response)
 * @param maxConnections open HTTP connections at most; more are closed at once and counted (0 = a
 *     third of the process's open-file limit)
 */
public record HttpConfig(
    String host,
    int port,
    long maxUploadBytes,
    int idleTimeoutSeconds,
    int requestTimeoutSeconds,
    int maxConnections) {
  public static final HttpConfig DEFAULTS = new HttpConfig("", 8080, 4L << 30, 60, 30, 0);

  public HttpConfig {
    host = host == null ? DEFAULTS.host : host.trim();
  }

  /** {@link #maxConnections}, or the automatic bound when it is 0. */
  public int connectionLimit() {
    if (maxConnections > 0) {
      return maxConnections;
    }
    long fds = 0;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      fds = unix.getMaxFileDescriptorCount();
    }
    // Each upload holds a socket and a spool file; the rest is left to the store and the JVM.
    return fds <= 0 ? 10_000 : (int) Math.max(64, Math.min(Integer.MAX_VALUE, fds / 3));
  }

  /** The rules about this section alone; the bind address and auth are checked together. */
  public void validate(List<String> errors) {
    ConfigChecks.port(errors, "http.port", port);
    if (maxUploadBytes < 1) {
      errors.add("http.maxUploadBytes must be positive, found " + maxUploadBytes);
    }
    ConfigChecks.atLeast(errors, "http.idleTimeoutSeconds", idleTimeoutSeconds, 1);
    ConfigChecks.atLeast(errors, "http.requestTimeoutSeconds", requestTimeoutSeconds, 1);
    if (maxConnections < 0) {
      errors.add("http.maxConnections must be >= 0 (0 = automatic), found " + maxConnections);
    }
  }
}
