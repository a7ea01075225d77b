package io.ecugateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Configuration sections for tests: the values a test sets, every other one the documented default
 * of {@link GatewayConfig}. Keeps tests independent of keys they do not care about, without
 * test-only constructors in the records.
 */
public final class TestConfigs {
  private TestConfigs() {}

  /** With the default time limits and connection bound. */
  public static GatewayConfig.Http http(String host, int port, long maxUploadBytes) {
    GatewayConfig.Http d = GatewayConfig.Http.DEFAULTS;
    return new GatewayConfig.Http(
        host,
        port,
        maxUploadBytes,
        d.idleTimeoutSeconds(),
        d.requestTimeoutSeconds(),
        d.maxConnections());
  }

  /** With the default timestamp window. */
  public static GatewayConfig.Decode decode(
      String dbcDir,
      List<String> defaultDbcs,
      Map<String, List<String>> deviceDbcs,
      int reloadSeconds,
      int workers,
      int blockingThreads,
      Map<String, String> passwords) {
    GatewayConfig.Decode d = GatewayConfig.Decode.DEFAULTS;
    return new GatewayConfig.Decode(
        dbcDir,
        defaultDbcs,
        deviceDbcs,
        reloadSeconds,
        workers,
        blockingThreads,
        passwords,
        d.minTimestamp(),
        d.maxFutureSeconds());
  }

  /** With the default message size and TCP time limits. */
  public static GatewayConfig.Live live(
      boolean tcpEnabled,
      int tcpPort,
      List<String> allowedOrigins,
      int clientQueueBytes,
      boolean store,
      int storeBatchRows,
      int storeFlushMillis,
      int storeQueueRows) {
    GatewayConfig.Live d = GatewayConfig.Live.DEFAULTS;
    return new GatewayConfig.Live(
        tcpEnabled,
        tcpPort,
        allowedOrigins,
        clientQueueBytes,
        store,
        storeBatchRows,
        storeFlushMillis,
        storeQueueRows,
        d.maxMessageBytes(),
        d.tcpIdleTimeoutSeconds(),
        d.tcpHelloTimeoutSeconds());
  }

  /** With the default storage settings of live frames and the default limits. */
  public static GatewayConfig.Live live(
      boolean tcpEnabled, int tcpPort, List<String> allowedOrigins, int clientQueueBytes) {
    GatewayConfig.Live d = GatewayConfig.Live.DEFAULTS;
    return live(
        tcpEnabled,
        tcpPort,
        allowedOrigins,
        clientQueueBytes,
        d.store(),
        d.storeBatchRows(),
        d.storeFlushMillis(),
        d.storeQueueRows());
  }

  /**
   * A gateway on 127.0.0.1, any free port, one bearer token, the embedded QuestDB in {@code
   * dataDir} on a free PG port, a 2 s drain; everything else default.
   */
  public static GatewayConfig tokenGateway(Path dataDir, String token, long maxUploadBytes) {
    return new GatewayConfig(
        http("127.0.0.1", 0, maxUploadBytes),
        new GatewayConfig.Auth(List.of(token), Map.of()),
        new GatewayConfig.Storage(
            dataDir.toString(),
            "questdb",
            new GatewayConfig.QuestDb("127.0.0.1", 0, "admin", "quest", false, 0, null, null),
            null),
        null,
        new GatewayConfig.Shutdown(2),
        null,
        null,
        null,
        null);
  }
}
