package io.ecugateway.config;

import io.ecugateway.catalog.DecodeConfig;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.stream.ws.LiveConfig;
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
  public static HttpConfig http(String host, int port, long maxUploadBytes) {
    HttpConfig d = HttpConfig.DEFAULTS;
    return new HttpConfig(
        host,
        port,
        maxUploadBytes,
        d.idleTimeoutSeconds(),
        d.requestTimeoutSeconds(),
        d.maxConnections());
  }

  /** With the default timestamp window. */
  public static DecodeConfig decode(
      String dbcDir,
      List<String> defaultDbcs,
      Map<String, List<String>> deviceDbcs,
      int reloadSeconds,
      int workers,
      int blockingThreads,
      Map<String, String> passwords) {
    DecodeConfig d = DecodeConfig.DEFAULTS;
    return new DecodeConfig(
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
  public static LiveConfig live(
      boolean tcpEnabled,
      int tcpPort,
      List<String> allowedOrigins,
      int clientQueueBytes,
      boolean store,
      int storeBatchRows,
      int storeFlushMillis,
      int storeQueueRows) {
    LiveConfig d = LiveConfig.DEFAULTS;
    return new LiveConfig(
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
  public static LiveConfig live(
      boolean tcpEnabled, int tcpPort, List<String> allowedOrigins, int clientQueueBytes) {
    LiveConfig d = LiveConfig.DEFAULTS;
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
        new AuthConfig(List.of(token), Map.of()),
        new GatewayConfig.Storage(
            dataDir.toString(),
            "questdb",
            new io.ecugateway.sink.questdb.QuestDbConfig(
                "127.0.0.1", 0, "admin", "quest", false, 0, null, null),
            null),
        null,
        new ShutdownConfig(2),
        null,
        null,
        null,
        null,
        null);
  }
}
