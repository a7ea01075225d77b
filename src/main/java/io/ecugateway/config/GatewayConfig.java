package io.ecugateway.config;

import io.ecugateway.transport.IsoTpLayout;
import io.ecugateway.transport.TransportProtocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's whole configuration, immutable and validated. Defaults live here and are
 * documented, one by one, in {@code config/gateway.yaml} ({@code ConfigLoaderTest} keeps the two in
 * step). {@code app.ConfigLoader} merges that file (or {@code --config}) and {@code ECUGW_*}
 * environment variables over these defaults. A {@code null} section takes its defaults.
 */
public record GatewayConfig(
    Http http,
    Auth auth,
    Storage storage,
    Decode decode,
    Shutdown shutdown,
    Live live,
    Transport transport,
    Logging logging,
    S3Config s3) {

  public GatewayConfig {
    logging = logging == null ? Logging.DEFAULTS : logging;
    live = live == null ? Live.DEFAULTS : live;
    http = http == null ? Http.DEFAULTS : http;
    auth = auth == null ? Auth.DEFAULTS : auth;
    storage = storage == null ? Storage.DEFAULTS : storage;
    decode = decode == null ? Decode.DEFAULTS : decode;
    transport = transport == null ? Transport.DEFAULTS : transport;
    shutdown = shutdown == null ? Shutdown.DEFAULTS : shutdown;
    s3 = s3 == null ? S3Config.DEFAULTS : s3;
  }

  public static final GatewayConfig DEFAULTS =
      new GatewayConfig(null, null, null, null, null, null, null, null, null);

  /**
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
  public record Http(
      String host,
      int port,
      long maxUploadBytes,
      int idleTimeoutSeconds,
      int requestTimeoutSeconds,
      int maxConnections) {
    static final Http DEFAULTS = new Http("", 8080, 4L << 30, 60, 30, 0);

    public Http {
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
  }

  /**
   * @param tokens bearer tokens valid for every device
   * @param deviceTokens device id → tokens valid for that device only
   */
  public record Auth(List<String> tokens, Map<String, List<String>> deviceTokens) {
    static final Auth DEFAULTS = new Auth(List.of(), Map.of());

    public Auth {
      tokens = tokens == null ? List.of() : tokens.stream().filter(t -> !t.isBlank()).toList();
      deviceTokens = deviceTokens == null ? Map.of() : copyLists(deviceTokens);
    }

    public boolean enabled() {
      return !tokens.isEmpty() || deviceTokens.values().stream().anyMatch(l -> !l.isEmpty());
    }
  }

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
   * @param dbcDir directory of DBC files ({@code canN-<name>.dbc} binds a file to bus canN)
   * @param defaultDbcs files (or {@code *} for all in dbcDir) used for devices not in deviceDbcs
   * @param deviceDbcs device id → files used for that device instead of the default set
   * @param reloadSeconds how often dbcDir is checked for changed files (0 = never)
   * @param workers uploads decoded at the same time (each on its own virtual threads)
   * @param blockingThreads bound on other blocking work (file moves, queries) running at once
   * @param passwords device serial (or {@code default}) → password for encrypted .MFE/.MFM logs
   * @param minTimestamp frames dated before this (ISO-8601 date or instant, UTC) are rejected
   * @param maxFutureSeconds frames dated more than this ahead of the clock are rejected
   */
  public record Decode(
      String dbcDir,
      List<String> defaultDbcs,
      Map<String, List<String>> deviceDbcs,
      int reloadSeconds,
      int workers,
      int blockingThreads,
      Map<String, String> passwords,
      String minTimestamp,
      long maxFutureSeconds) {
    static final Decode DEFAULTS =
        new Decode("dbc", List.of("*"), Map.of(), 5, 2, 64, Map.of(), "2000-01-01", 86_400);

    public Decode {
      minTimestamp = minTimestamp == null ? "2000-01-01" : minTimestamp.trim();
      dbcDir = dbcDir == null ? DEFAULTS.dbcDir : dbcDir;
      defaultDbcs = defaultDbcs == null ? DEFAULTS.defaultDbcs : List.copyOf(defaultDbcs);
      deviceDbcs = deviceDbcs == null ? Map.of() : copyLists(deviceDbcs);
      passwords = passwords == null ? Map.of() : Map.copyOf(passwords);
    }

    public Path dbcPath() {
      return Path.of(dbcDir).toAbsolutePath().normalize();
    }

    /**
     * {@code minTimestamp} in ns since 1970: a date ({@code 2000-01-01}) is its midnight UTC.
     *
     * @throws java.time.format.DateTimeParseException when it is neither
     */
    public long minTimestampNs() {
      java.time.Instant t =
          minTimestamp.length() == 10
              ? java.time.LocalDate.parse(minTimestamp)
                  .atStartOfDay(java.time.ZoneOffset.UTC)
                  .toInstant()
              : java.time.Instant.parse(minTimestamp);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    void validateWindow(List<String> errors) {
      try {
        minTimestampNs();
      } catch (RuntimeException e) {
        errors.add(
            "decode.minTimestamp must be a date (2000-01-01) or an instant"
                + " (2000-01-01T00:00:00Z) from 1970 to 2262, found '"
                + minTimestamp
                + "'");
      }
      if (maxFutureSeconds < 0 || maxFutureSeconds > 100L * 365 * 86_400) {
        errors.add("decode.maxFutureSeconds must be 0..3153600000, found " + maxFutureSeconds);
      }
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

  /**
   * @param drainSeconds how long a stop waits for in-flight uploads and decodes
   */
  public record Shutdown(int drainSeconds) {
    static final Shutdown DEFAULTS = new Shutdown(30);
  }

  /**
   * Live frames in and live signals out (WebSockets {@code /ws/ingest/{device}}, {@code /ws/live}).
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
  public record Live(
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
    static final Live DEFAULTS =
        new Live(
            false, 29536, List.of(), 256 * 1024, true, 50_000, 1000, 100_000, 1 << 20, 300, 10);

    public Live {
      allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
  }

  /**
   * The gateway's log (stderr, one line per event). Levels: {@code trace}, {@code debug}, {@code
   * info}, {@code warn}, {@code error}, {@code off}.
   *
   * @param level level of every logger not named in {@code levels}
   * @param levels logger or package name → its level, e.g. {@code io.ecugateway.ingest: debug}
   */
  public record Logging(String level, Map<String, String> levels) {
    static final Logging DEFAULTS = new Logging("info", Map.of());
    private static final List<String> LEVELS =
        List.of("trace", "debug", "info", "warn", "error", "off");

    public Logging {
      level = level == null ? DEFAULTS.level : level.trim().toLowerCase(java.util.Locale.ROOT);
      levels = levels == null ? Map.of() : lowerCaseValues(levels);
    }

    void validate(List<String> errors) {
      check(errors, "logging.level", level);
      levels.forEach((logger, l) -> check(errors, "logging.levels." + logger, l));
    }

    private static void check(List<String> errors, String key, String level) {
      if (!LEVELS.contains(level)) {
        errors.add(key + " must be one of " + LEVELS + ", found '" + level + "'");
      }
    }

    private static Map<String, String> lowerCaseValues(Map<String, String> m) {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, v == null ? "" : v.trim().toLowerCase(java.util.Locale.ROOT)));
      return java.util.Collections.unmodifiableMap(out);
    }
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The address actually bound: the configured one, or the safe default for the auth mode. */
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
    if (http.port() < 0 || http.port() > 65535) {
      errors.add("http.port must be 0..65535, found " + http.port());
    }
    if (http.maxUploadBytes() < 1) {
      errors.add("http.maxUploadBytes must be positive, found " + http.maxUploadBytes());
    }
    atLeast(errors, "http.idleTimeoutSeconds", http.idleTimeoutSeconds(), 1);
    atLeast(errors, "http.requestTimeoutSeconds", http.requestTimeoutSeconds(), 1);
    if (http.maxConnections() < 0) {
      errors.add(
          "http.maxConnections must be >= 0 (0 = automatic), found " + http.maxConnections());
    }
    if (!auth.enabled() && !isLoopback(bindHost())) {
      errors.add(
          "http.host is "
              + bindHost()
              + " but no auth.tokens are configured: refusing to accept unauthenticated uploads"
              + " from the network (configure a token, or bind 127.0.0.1)");
    }
    for (String device : auth.deviceTokens().keySet()) {
      if (!DeviceId.valid(device)) {
        errors.add("auth.deviceTokens: " + DeviceId.problem(device));
      }
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
    if (decode.workers() < 1 || decode.workers() > 256) {
      errors.add("decode.workers must be 1..256, found " + decode.workers());
    }
    if (decode.blockingThreads() < 1) {
      errors.add("decode.blockingThreads must be positive");
    }
    decode.validateWindow(errors);
    if (decode.reloadSeconds() < 0) {
      errors.add("decode.reloadSeconds must be >= 0");
    }
    checkPort(errors, "live.tcpPort", live.tcpPort());
    atLeast(errors, "live.storeBatchRows", live.storeBatchRows(), 1);
    atLeast(errors, "live.storeFlushMillis", live.storeFlushMillis(), 10);
    atLeast(errors, "live.storeQueueRows", live.storeQueueRows(), 1);
    atLeast(errors, "live.maxMessageBytes", live.maxMessageBytes(), 1024);
    atLeast(errors, "live.tcpIdleTimeoutSeconds", live.tcpIdleTimeoutSeconds(), 1);
    atLeast(errors, "live.tcpHelloTimeoutSeconds", live.tcpHelloTimeoutSeconds(), 1);
    atLeast(errors, "live.clientQueueBytes", live.clientQueueBytes(), 4096);
    s3.validate(errors);
    if (shutdown.drainSeconds() < 0) {
      errors.add("shutdown.drainSeconds must be >= 0");
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return this;
  }

  private static void atLeast(List<String> errors, String key, long value, long min) {
    if (value < min) {
      errors.add(key + " must be at least " + min + ", found " + value);
    }
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
