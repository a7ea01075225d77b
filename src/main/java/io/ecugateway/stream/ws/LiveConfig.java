package io.ecugateway.stream.ws;

import io.ecugateway.server.ConfigChecks;
import java.util.List;

/**
 * The {@code live} section: live frames in and live signals out (WebSockets {@code
 * /ws/ingest/{device}}, {@code /ws/live}).
 *
 * @param tcpEnabled open the raw TCP listener for candump lines
 * @param tcpPort its port (0 = any free port, for tests); it binds the HTTP host
 * @param allowedOrigins browser origins (besides the gateway's own) allowed to open WebSockets
 * @param clientQueueBytes bytes a live client's socket may have queued before its updates are
 *     coalesced and counted as dropped
 * @param store store live-decoded frames in the sink, in the same tables as uploads
 * @param storeBatchRows live rows per store commit at most
 * @param storeFlushMillis longest time a live row waits for its commit
 * @param storeQueueRows live frames that may wait for the store; more are dropped and counted
 * @param maxMessageBytes largest WebSocket message (and frame) accepted; a larger one closes the
 *     socket with code 1009
 * @param tcpIdleTimeoutSeconds a raw TCP ingest connection that sends nothing for this long is
 *     closed
 * @param tcpHelloTimeoutSeconds the HELLO line must arrive within this time of connecting
 */
public record LiveConfig(
    boolean tcpEnabled,
    int tcpPort,
    List<String> allowedOrigins,
    int clientQueueBytes,
    boolean store,
    int storeBatchRows,
    int storeFlushMillis,
    int storeQueueRows,
    int maxMessageBytes,
    int tcpIdleTimeoutSeconds,
    int tcpHelloTimeoutSeconds) {
  public static final LiveConfig DEFAULTS =
      new LiveConfig(
          false, 29536, List.of(), 256 * 1024, true, 50_000, 1000, 100_000, 1 << 20, 300, 10);

  public LiveConfig {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  /** The rules about this section alone. */
  public void validate(List<String> errors) {
    ConfigChecks.port(errors, "live.tcpPort", tcpPort);
    ConfigChecks.atLeast(errors, "live.storeBatchRows", storeBatchRows, 1);
    ConfigChecks.atLeast(errors, "live.storeFlushMillis", storeFlushMillis, 10);
    ConfigChecks.atLeast(errors, "live.storeQueueRows", storeQueueRows, 1);
    ConfigChecks.atLeast(errors, "live.maxMessageBytes", maxMessageBytes, 1024);
    ConfigChecks.atLeast(errors, "live.tcpIdleTimeoutSeconds", tcpIdleTimeoutSeconds, 1);
    ConfigChecks.atLeast(errors, "live.tcpHelloTimeoutSeconds", tcpHelloTimeoutSeconds, 1);
    ConfigChecks.atLeast(errors, "live.clientQueueBytes", clientQueueBytes, 4096);
  }
}
