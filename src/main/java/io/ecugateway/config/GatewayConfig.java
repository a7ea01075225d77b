package io.ecugateway.config;

import io.ecugateway.catalog.DecodeConfig;
import io.ecugateway.logging.LoggingConfig;
import io.ecugateway.s3.S3Config;
import io.ecugateway.s3import.S3ImportConfig;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ConfigSections;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.sink.OutputConfig;
import io.ecugateway.sink.OutputProvider;
import io.ecugateway.sink.OutputRegistry;
import io.ecugateway.sink.postgres.PostgresConfig;
import io.ecugateway.sink.questdb.QuestDbConfig;
import io.ecugateway.stream.ws.LiveConfig;
import io.ecugateway.transport.TransportSettings;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's whole configuration, immutable and validated: the composition of the sections, each
 * a record owned by its feature's package with its defaults and its own rules (e.g. {@link
 * HttpConfig} in {@code server}), plus the rules that span sections (the bind address and auth).
 * Every default is documented, one by one, in {@code config/gateway.yaml} ({@code ConfigLoaderTest}
 * keeps the two in step). {@code app.ConfigLoader} merges that file (or {@code --config}) and
 * {@code ECUGW_*} environment variables over these defaults. A {@code null} section takes its
 * defaults.
 */
public record GatewayConfig(
    HttpConfig http,
    AuthConfig auth,
    Storage storage,
    DecodeConfig decode,
    ShutdownConfig shutdown,
    LiveConfig live,
    TransportSettings transport,
    LoggingConfig logging,
    S3ImportConfig s3import,
    S3Config s3)
    implements ConfigSections {

  public GatewayConfig {
    logging = logging == null ? LoggingConfig.DEFAULTS : logging;
    live = live == null ? LiveConfig.DEFAULTS : live;
    http = http == null ? HttpConfig.DEFAULTS : http;
    auth = auth == null ? AuthConfig.DEFAULTS : auth;
    storage = storage == null ? Storage.DEFAULTS : storage;
    decode = decode == null ? DecodeConfig.DEFAULTS : decode;
    transport = transport == null ? TransportSettings.DEFAULTS : transport;
    shutdown = shutdown == null ? ShutdownConfig.DEFAULTS : shutdown;
    s3import = s3import == null ? S3ImportConfig.DEFAULTS : s3import;
    s3 = s3 == null ? S3Config.DEFAULTS : s3;
  }

  public static final GatewayConfig DEFAULTS =
      new GatewayConfig(null, null, null, null, null, null, null, null, null, null);

  /**
   * @param dataDir spool, upload journal, raw-file archive and the embedded QuestDB live here
   * @param sink the store queries go to ({@code questdb}, embedded, or {@code postgres}), and the
   *     output when {@code outputs} is empty
   * @param outputs every output rows go to (uploads and live); empty = {@code [sink]}
   * @param questdb the {@code questdb} output's settings
   * @param postgres the {@code postgres} output's settings
   */
  public record Storage(
      String dataDir,
      String sink,
      List<String> outputs,
      QuestDbConfig questdb,
      PostgresConfig postgres) {
    static final Storage DEFAULTS = new Storage("data", "questdb", null, null);

    public Storage {
      dataDir = dataDir == null ? DEFAULTS.dataDir : dataDir;
      sink = sink == null ? DEFAULTS.sink : normalName(sink);
      outputs =
          outputs == null ? List.of() : outputs.stream().map(GatewayConfig::normalName).toList();
      questdb = questdb == null ? QuestDbConfig.DEFAULTS : questdb;
      postgres = postgres == null ? PostgresConfig.DEFAULTS : postgres;
    }

    /** A single store, {@code sink}, taking the rows and the queries. */
    public Storage(String dataDir, String sink, QuestDbConfig questdb, PostgresConfig postgres) {
      this(dataDir, sink, null, questdb, postgres);
    }

    public Path dataPath() {
      return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /** The outputs rows go to: {@code outputs}, or {@code [sink]} when it is empty. */
    public List<String> outputNames() {
      return outputs.isEmpty() ? List.of(sink) : outputs;
    }

    /**
     * This section's settings of type {@code type} (an output's {@link OutputProvider#configType}):
     * found among the record's components, so an output's settings need no code here beyond their
     * component.
     *
     * @throws IllegalStateException no component has that type
     */
    public <C extends OutputConfig> C outputConfig(Class<C> type) {
      for (RecordComponent c : Storage.class.getRecordComponents()) {
        if (c.getType() == type) {
          try {
            return type.cast(c.getAccessor().invoke(this));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("storage." + c.getName() + ": " + e, e);
          }
        }
      }
      throw new IllegalStateException("storage has no settings of type " + type.getName());
    }

    /**
     * Registered, distinct outputs; {@code sink} among them and able to answer queries; each listed
     * output's own settings valid.
     */
    void validate(List<String> errors) {
      if (dataDir.isBlank()) {
        errors.add("storage.dataDir must not be empty");
      }
      OutputProvider<?> query = OutputRegistry.find(sink);
      if (query == null || !query.queryable()) {
        errors.add(
            "storage.sink must name an output that answers queries ("
                + String.join(", ", queryableOutputs())
                + "), found '"
                + sink
                + "'");
      } else if (!outputNames().contains(sink)) {
        errors.add(
            "storage.outputs "
                + outputs
                + " must list storage.sink ('"
                + sink
                + "'): queries read the rows it stores");
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String name : outputs) {
        OutputProvider<?> provider = OutputRegistry.find(name);
        if (provider == null) {
          errors.add(
              "storage.outputs: unknown output '"
                  + name
                  + "' (registered: "
                  + String.join(", ", OutputRegistry.names())
                  + ")");
        } else if (!seen.add(name)) {
          errors.add("storage.outputs lists '" + name + "' twice: each output takes a row once");
        }
      }
      for (String name : new java.util.LinkedHashSet<>(outputNames())) {
        OutputProvider<?> provider = OutputRegistry.find(name);
        if (provider != null) {
          outputConfig(provider.configType()).validate(errors);
        }
      }
    }

    private static List<String> queryableOutputs() {
      return OutputRegistry.names().stream()
          .filter(n -> OutputRegistry.find(n).queryable())
          .toList();
    }
  }

  private static String normalName(String name) {
    return name.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The component of that type: a new section needs no code here. */
  @Override
  public <T extends Record> T section(Class<T> type) {
    for (RecordComponent c : GatewayConfig.class.getRecordComponents()) {
      if (c.getType() == type) {
        try {
          return type.cast(c.getAccessor().invoke(this));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalArgumentException("no configuration section " + type.getSimpleName());
  }

  @Override
  public Path dataPath() {
    return storage.dataPath();
  }

  /** The address actually bound: the configured one, or the safe default for the auth mode. */
  @Override
  public String bindHost() {
    if (!http.host().isEmpty()) {
      return http.host();
    }
    return auth.enabled() ? "0.0.0.0" : "127.0.0.1";
  }

  /**
   * Checks every rule and reports all violations at once.
   *
   * @throws ConfigException naming each bad key
   */
  public GatewayConfig validate() {
    List<String> errors = new ArrayList<>();
    transport.validate(errors);
    logging.validate(errors);
    http.validate(errors);
    auth.validate(errors);
    decode.validate(errors);
    s3import.validate(errors);
    if (!auth.enabled() && !isLoopback(bindHost())) {
      errors.add(
          "http.host is "
              + bindHost()
              + " but no auth.tokens are configured: refusing to accept unauthenticated uploads"
              + " from the network (configure a token, or bind 127.0.0.1)");
    }
    storage.validate(errors);
    live.validate(errors);
    shutdown.validate(errors);
    s3.validate(errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return this;
  }

  /** Whether {@code host} reaches this machine only (an unresolvable name does not). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Invalid configuration; the message lists every problem, one per line. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(List<String> errors) {
      super("invalid configuration:\n  - " + String.join("\n  - ", errors));
    }

    public ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
