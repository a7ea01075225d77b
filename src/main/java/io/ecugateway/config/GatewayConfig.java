package io.ecugateway.config;

import io.ecugateway.catalog.DecodeConfig;
import io.ecugateway.logging.LoggingConfig;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ConfigSections;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.stream.ws.LiveConfig;
import io.ecugateway.transport.IsoTpLayout;
import io.ecugateway.transport.TransportProtocol;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    Transport transport,
    LoggingConfig logging)
    implements ConfigSections {

  public GatewayConfig {
    logging = logging == null ? LoggingConfig.DEFAULTS : logging;
    live = live == null ? LiveConfig.DEFAULTS : live;
    http = http == null ? HttpConfig.DEFAULTS : http;
    auth = auth == null ? AuthConfig.DEFAULTS : auth;
    storage = storage == null ? Storage.DEFAULTS : storage;
    decode = decode == null ? DecodeConfig.DEFAULTS : decode;
    transport = transport == null ? Transport.DEFAULTS : transport;
    shutdown = shutdown == null ? ShutdownConfig.DEFAULTS : shutdown;
  }

  public static final GatewayConfig DEFAULTS =
      new GatewayConfig(null, null, null, null, null, null, null, null);

  /**
   * @param dataDir spool, upload journal, raw-file archive and the embedded QuestDB live here
   * @param sink {@code questdb} (embedded) or {@code postgres}
   */
  public record Storage(String dataDir, String sink, QuestDb questdb, Postgres postgres) {
    static final Storage DEFAULTS = new Storage("data", "questdb", null, null);

    public Storage {
      dataDir = dataDir == null ? DEFAULTS.dataDir : dataDir;
      sink = sink == null ? DEFAULTS.sink : sink.trim().toLowerCase(java.util.Locale.ROOT);
      questdb = questdb == null ? QuestDb.DEFAULTS : questdb;
      postgres = postgres == null ? Postgres.DEFAULTS : postgres;
    }

    public Path dataPath() {
      return Path.of(dataDir).toAbsolutePath().normalize();
    }
  }

  /**
   * @param pgHost address of the embedded QuestDB's PostgreSQL-wire endpoint (what Grafana uses)
   * @param pgPort its port
   * @param pgUser its user
   * @param pgPassword its password
   * @param httpEnabled QuestDB's own HTTP server and web console (on {@code httpPort}, loopback)
   * @param httpPort port of that console
   * @param readOnlyUser PG-wire user that may only read (what Grafana should use); empty = none
   * @param readOnlyPassword its password
   */
  public record QuestDb(
      String pgHost,
      int pgPort,
      String pgUser,
      String pgPassword,
      boolean httpEnabled,
      int httpPort,
      String readOnlyUser,
      String readOnlyPassword) {
    static final QuestDb DEFAULTS =
        new QuestDb("127.0.0.1", 8812, "admin", "quest", false, 9000, "grafana", "quest");

    public QuestDb {
      pgHost = pgHost == null ? DEFAULTS.pgHost : pgHost;
      pgUser = pgUser == null ? DEFAULTS.pgUser : pgUser;
      pgPassword = pgPassword == null ? DEFAULTS.pgPassword : pgPassword;
      readOnlyUser = readOnlyUser == null ? DEFAULTS.readOnlyUser : readOnlyUser.trim();
      readOnlyPassword = readOnlyPassword == null ? DEFAULTS.readOnlyPassword : readOnlyPassword;
    }

    public boolean readOnlyEnabled() {
      return !readOnlyUser.isEmpty();
    }

    /**
     * The PG-wire endpoint is QuestDB itself: its admin user writes and drops tables without any
     * gateway token. Off loopback it must not answer to well-known credentials.
     */
    void validate(List<String> errors) {
      if (readOnlyEnabled() && readOnlyPassword.isEmpty()) {
        errors.add(
            "storage.questdb.readOnlyPassword must not be empty (or set storage.questdb.readOnlyUser"
                + " to \"\" for no read-only user)");
      }
      if (readOnlyEnabled() && readOnlyUser.equals(pgUser)) {
        errors.add("storage.questdb.readOnlyUser must differ from storage.questdb.pgUser");
      }
      if (isLoopback(pgHost)) {
        return;
      }
      String where = "storage.questdb.pgHost is " + pgHost + " (not loopback) but ";
      if (pgPassword.isEmpty() || pgPassword.equals(DEFAULTS.pgPassword)) {
        errors.add(
            where
                + "storage.questdb.pgPassword is empty or QuestDB's default: anyone reaching the"
                + " port could write and drop tables. Set storage.questdb.pgPassword"
                + " (ECUGW_STORAGE_QUESTDB_PG_PASSWORD), or bind pgHost to 127.0.0.1");
      }
      if (readOnlyEnabled()
          && (readOnlyPassword.isEmpty() || readOnlyPassword.equals(DEFAULTS.readOnlyPassword))) {
        errors.add(
            where
                + "storage.questdb.readOnlyPassword is empty or the default. Set"
                + " storage.questdb.readOnlyPassword (ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD),"
                + " or storage.questdb.readOnlyUser to \"\" for no read-only user");
      }
      if (httpEnabled) {
        errors.add(
            where
                + "storage.questdb.httpEnabled is true: QuestDB's web console has no login and"
                + " full write access. Turn it off, or bind pgHost to 127.0.0.1");
      }
    }
  }

  /**
   * @param url JDBC URL of the PostgreSQL database
   * @param user user (may also be part of the URL)
   * @param password password
   * @param schema schema holding one table per message
   * @param batchRows rows per COPY batch
   */
  public record Postgres(String url, String user, String password, String schema, int batchRows) {
    static final Postgres DEFAULTS =
        new Postgres("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "public", 20000);

    public Postgres {
      url = url == null ? DEFAULTS.url : url;
      user = user == null ? DEFAULTS.user : user;
      password = password == null ? DEFAULTS.password : password;
      schema = schema == null ? DEFAULTS.schema : schema;
    }
  }

  /**
   * Multi-frame reassembly (ISO-TP, J1939 TP, NMEA 2000 fast packet) before decoding; bus {@code *}
   * means every bus. ISO-TP streams are the 11-bit IDs of the bus's DBC messages, the messages with
   * {@code TransportProtocolType "ISOTP"} and {@code isotpIds}.
   *
   * @param protocols bus → protocols reassembled on it: {@code isotp}, {@code j1939}, {@code
   *     nmea2000}; empty = none
   * @param isotpLayouts bus → ISO-TP layout forced there: {@code A} (length byte + message) or
   *     {@code B} (message only)
   * @param dbcLayouts DBC file name → ISO-TP layout of its messages (e.g. {@code B} for a DBC
   *     written for the message without the length byte)
   * @param isotpIds bus → extra ISO-TP response IDs, hex ({@code 7E9}, {@code 18DAF110})
   * @param sessions device sessions whose unfinished messages are kept for their next split
   */
  public record Transport(
      Map<String, List<String>> protocols,
      Map<String, String> isotpLayouts,
      Map<String, String> dbcLayouts,
      Map<String, List<String>> isotpIds,
      int sessions) {
    public static final Transport DEFAULTS =
        new Transport(Map.of(), Map.of(), Map.of(), Map.of(), 1024);

    public Transport {
      protocols = protocols == null ? Map.of() : copyLists(protocols);
      isotpLayouts = isotpLayouts == null ? Map.of() : Map.copyOf(isotpLayouts);
      dbcLayouts = dbcLayouts == null ? Map.of() : Map.copyOf(dbcLayouts);
      isotpIds = isotpIds == null ? Map.of() : copyLists(isotpIds);
    }

    /** True if some bus reassembles something. */
    public boolean enabled() {
      return protocols.values().stream().anyMatch(l -> !l.isEmpty());
    }

    void validate(List<String> errors) {
      if (sessions < 1) {
        errors.add("transport.sessions must be positive, found " + sessions);
      }
      protocols.forEach(
          (bus, list) ->
              list.forEach(
                  p ->
                      check(
                          errors, "transport.protocols." + bus, () -> TransportProtocol.parse(p))));
      isotpLayouts.forEach(
          (bus, l) -> check(errors, "transport.isotpLayouts." + bus, () -> IsoTpLayout.parse(l)));
      dbcLayouts.forEach(
          (dbc, l) -> check(errors, "transport.dbcLayouts." + dbc, () -> IsoTpLayout.parse(l)));
      isotpIds.forEach(
          (bus, ids) ->
              ids.forEach(
                  id -> check(errors, "transport.isotpIds." + bus, () -> parseIsoTpId(id))));
    }

    private static void check(List<String> errors, String key, Runnable parse) {
      try {
        parse.run();
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
      }
    }

    /**
     * A hex CAN ID as {@code [id, extended ? 1 : 0]}: above 7FF or with an {@code x} suffix it is
     * 29-bit.
     */
    public static int[] parseIsoTpId(String text) {
      String v = text.trim().toLowerCase(java.util.Locale.ROOT);
      boolean x = v.endsWith("x");
      String digits = x ? v.substring(0, v.length() - 1) : v;
      digits = digits.startsWith("0x") ? digits.substring(2) : digits;
      try {
        int id = Integer.parseUnsignedInt(digits, 16);
        boolean extended = x || id > 0x7FF;
        if (id > (extended ? 0x1FFFFFFF : 0x7FF)) {
          throw new NumberFormatException();
        }
        return new int[] {id, extended ? 1 : 0};
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a hexadecimal CAN ID");
      }
    }
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
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
    if (!auth.enabled() && !isLoopback(bindHost())) {
      errors.add(
          "http.host is "
              + bindHost()
              + " but no auth.tokens are configured: refusing to accept unauthenticated uploads"
              + " from the network (configure a token, or bind 127.0.0.1)");
    }
    if (!storage.sink().equals("questdb") && !storage.sink().equals("postgres")) {
      errors.add("storage.sink must be questdb or postgres, found '" + storage.sink() + "'");
    }
    if (storage.dataDir().isBlank()) {
      errors.add("storage.dataDir must not be empty");
    }
    checkPort(errors, "storage.questdb.pgPort", storage.questdb().pgPort());
    checkPort(errors, "storage.questdb.httpPort", storage.questdb().httpPort());
    if (storage.sink().equals("questdb")) {
      storage.questdb().validate(errors);
    }
    if (storage.postgres().batchRows() < 1) {
      errors.add("storage.postgres.batchRows must be positive");
    }
    if (!storage.postgres().schema().matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      errors.add("storage.postgres.schema must be a plain identifier");
    }
    live.validate(errors);
    shutdown.validate(errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return this;
  }

  private static void checkPort(List<String> errors, String key, int port) {
    if (port < 0 || port > 65535) {
      errors.add(key + " must be 0..65535, found " + port);
    }
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
