package io.ecugateway.sink.questdb;

import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SignalQueries;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CairoError;
import io.questdb.cairo.CairoException;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.sql.TableRecordMetadata;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: QuestDB embedded in the gateway's JVM, under {@code <dataDir>/questdb}. Rows
 * go straight into QuestDB's WAL writers (no network, no SQL per row); Grafana reads through
 * QuestDB's PostgreSQL-wire endpoint, bound to loopback by default. Tables are WAL tables
 * partitioned by day with {@code DEDUP UPSERT KEYS(ts, device, bus)}, so replaying an upload
 * replaces rather than duplicates.
 */
public final class QuestDbSink implements SignalOutput, SignalQueries {
  private static final Logger LOG = LoggerFactory.getLogger(QuestDbSink.class);

  /** The output's registered name ({@code storage.outputs}, {@code storage.sink}). */
  public static final String NAME = "questdb";

  /** How long {@link SinkWriter#commit()} waits for QuestDB to apply the WAL. */
  private static final long APPLY_TIMEOUT_SECONDS = 300;

  /** {@code io.questdb.log.LogFactory.CONFIG_SYSTEM_PROPERTY}. */
  private static final String QUESTDB_LOG_CONFIG_PROPERTY = "out";

  private final ServerMain server;
  private final CairoEngine engine;
  private final String jdbcUrl;
  private final Properties jdbcProps = new Properties();

  /** Columns known per table (lower-case), guarded by {@code this}. */
  private final Map<String, java.util.Set<String>> columns = new HashMap<>();

  private QuestDbSink(ServerMain server, String pgHost, int pgPort, String user, String password) {
    this.server = server;
    this.engine = server.getEngine();
    this.jdbcUrl = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/qdb";
    jdbcProps.setProperty("user", user);
    jdbcProps.setProperty("password", password);
    jdbcProps.setProperty("sslmode", "disable");
  }

  /** Starts the QuestDB {@code config} describes, in {@link #root}({@code dataDir}). */
  public static QuestDbSink open(QuestDbConfig config, Path dataDir) throws SinkException {
    return start(
        root(dataDir),
        config.pgHost(),
        config.pgPort(),
        config.pgUser(),
        config.pgPassword(),
        config.readOnlyUser(),
        config.readOnlyPassword(),
        config.httpEnabled(),
        config.httpPort());
  }

  /** Where the embedded QuestDB keeps its files in the gateway's data directory. */
  public static Path root(Path dataDir) {
    return dataDir.resolve("questdb");
  }

  /**
   * Starts QuestDB under {@code root} (created if needed), with its PG-wire endpoint on {@code
   * pgHost:pgPort} (admin {@code user}, and {@code readOnlyUser} unless empty), its HTTP console on
   * {@code pgHost:httpPort} when enabled, and everything else (ILP, telemetry) off.
   */
  public static QuestDbSink start(
      Path root,
      String pgHost,
      int pgPort,
      String user,
      String password,
      String readOnlyUser,
      String readOnlyPassword,
      boolean httpEnabled,
      int httpPort)
      throws SinkException {
    try {
      Files.createDirectories(root.resolve("conf"));
      Files.writeString(
          root.resolve("conf").resolve("log.conf"),
          """
          # Written by ecu-gateway at every start: QuestDB's errors go to the gateway's log
          # (logger io.questdb), its banner and advisories only at debug level.
          writers=gateway
          w.gateway.class=io.ecugateway.sink.questdb.QuestDbLog
          w.gateway.level=ERROR
          """);
    } catch (IOException e) {
      throw new SinkException("cannot prepare QuestDB directory " + root + ": " + e, e);
    }
    requireFreeSpace(root);
    QuestDbNativeLibs.prepare(root.resolveSibling("questdb-native"));
    if (System.getProperty(QUESTDB_LOG_CONFIG_PROPERTY) == null) {
      // QuestDB reads its log configuration once per JVM, from this property (else its verbose
      // built-in default that logs every WAL apply at INFO).
      System.setProperty(
          QUESTDB_LOG_CONFIG_PROPERTY, root.resolve("conf").resolve("log.conf").toString());
    }
    QuestDbLog.initialise();
    Map<String, String> env = new HashMap<>();
    env.put("QDB_PG_ENABLED", "true");
    env.put("QDB_PG_NET_BIND_TO", pgHost + ":" + pgPort);
    env.put("QDB_PG_USER", user);
    env.put("QDB_PG_PASSWORD", password);
    // QuestDB's read-only PG user (pg.readonly.user.*): queries only, no INSERT/DDL (Grafana).
    env.put("QDB_PG_READONLY_USER_ENABLED", Boolean.toString(!readOnlyUser.isEmpty()));
    if (!readOnlyUser.isEmpty()) {
      env.put("QDB_PG_READONLY_USER", readOnlyUser);
      env.put("QDB_PG_READONLY_PASSWORD", readOnlyPassword);
    }
    env.put("QDB_HTTP_ENABLED", Boolean.toString(httpEnabled));
    env.put("QDB_HTTP_BIND_TO", pgHost + ":" + httpPort);
    env.put("QDB_HTTP_MIN_ENABLED", "false");
    env.put("QDB_LINE_TCP_ENABLED", "false");
    env.put("QDB_LINE_UDP_ENABLED", "false");
    env.put("QDB_TELEMETRY_ENABLED", "false");
    env.put("QDB_METRICS_ENABLED", "false");
    // fsync at commit: an upload marked stored survives a power cut, not only a process kill.
    env.put("QDB_CAIRO_COMMIT_MODE", "sync");
    // QuestDB sizes its worker pools for a machine of its own, and idle workers poll: on a small
    // machine they take CPU from the event loops and decode threads (live p99 on 2 cores: 42-71 ms
    // with QuestDB's defaults, 25-33 ms with one worker each, upload throughput unchanged).
    String workers = Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 4));
    env.put("QDB_SHARED_WORKER_COUNT", workers);
    env.put("QDB_WAL_APPLY_WORKER_COUNT", workers);
    // Operators tune the embedded QuestDB with its own QDB_* variables; these override ours.
    System.getenv()
        .forEach(
            (key, value) -> {
              if (key.startsWith("QDB_")) {
                if (key.startsWith("QDB_PG_") || key.startsWith("QDB_HTTP_")) {
                  LOG.warn(
                      "{} overrides storage.questdb.*: the gateway's checks of the PG wire and"
                          + " console address and passwords do not cover it",
                      key);
                }
                env.put(key, value);
              }
            });
    ServerMain server = null;
    try {
      server = ServerMain.create(root.toString(), env);
      server.start();
      return new QuestDbSink(server, pgHost, server.getPgWireServerPort(), user, password);
    } catch (RuntimeException e) {
      if (server != null) {
        try {
          server.close();
        } catch (RuntimeException closing) { // a half-started server fails to close (NPE)
          e.addSuppressed(closing);
        }
      }
      String why = rootCause(e);
      if (why.contains("No space left")) {
        why +=
            "; "
                + freeSpace(root)
                + " free in "
                + root
                + ", at least "
                + mib(MIN_FREE_BYTES)
                + " needed";
      }
      throw new SinkException("embedded QuestDB failed to start in " + root + ": " + why, e);
    }
  }

  /**
   * Free space the embedded QuestDB needs to start: it pre-allocates its system tables (16 MiB
   * pages) and needed about 150 MiB on an empty data directory; below that it fails half-way.
   */
  static final long MIN_FREE_BYTES = 256L << 20;

  /** Fails the start with a message naming the directory rather than half-way in QuestDB. */
  private static void requireFreeSpace(Path root) throws SinkException {
    long free;
    try {
      free = Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      return; // unknown: let QuestDB try
    }
    if (free < MIN_FREE_BYTES) {
      throw new SinkException(
          "not enough free space for the embedded QuestDB in "
              + root
              + ": "
              + mib(free)
              + " free, at least "
              + mib(MIN_FREE_BYTES)
              + " needed (free some space or point storage.dataDir at a larger disk)");
    }
  }

  private static String freeSpace(Path root) {
    try {
      return mib(Files.getFileStore(root).getUsableSpace());
    } catch (IOException e) {
      return "unknown space";
    }
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The PG-wire JDBC URL (what Grafana and tests connect to). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public int pgPort() {
    return server.getPgWireServerPort();
  }

  @Override
  public SinkWriter openWriter() {
    return new Writer();
  }

  /**
   * Creates or evolves the table; returns its token. DDL is rare, so it is serialised. A table
   * dropped behind the gateway's back is forgotten and created again; one QuestDB suspended (its
   * WAL could not be applied, e.g. disk full) is resumed.
   */
  synchronized TableToken declare(MessageTable table) throws SinkException {
    String key = table.name().toLowerCase(java.util.Locale.ROOT);
    java.util.Set<String> known = columns.get(key);
    try {
      TableToken existing = liveToken(table.name());
      if (existing == null) {
        known = null; // never created, or dropped outside the gateway: the cache is stale
        columns.remove(key);
      } else {
        resumeIfSuspended(existing);
      }
      if (known == null) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS \"");
        ddl.append(table.name()).append("\" (ts TIMESTAMP, device SYMBOL, bus SYMBOL");
        for (String c : table.signals()) {
          ddl.append(", \"").append(c).append("\" DOUBLE");
        }
        ddl.append(") TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device, bus)");
        engine.execute(ddl);
        known = new java.util.HashSet<>();
        TableToken token = engine.getTableTokenIfExists(table.name());
        try (WalWriter w = engine.getWalWriter(token)) {
          TableRecordMetadata meta = w.getMetadata();
          for (int i = 0; i < meta.getColumnCount(); i++) {
            known.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
          }
        }
        columns.put(key, known);
      }
      for (String c : table.signals()) {
        if (!known.contains(c.toLowerCase(java.util.Locale.ROOT))) {
          engine.execute(
              "ALTER TABLE \"" + table.name() + "\" ADD COLUMN IF NOT EXISTS \"" + c + "\" DOUBLE");
          known.add(c.toLowerCase(java.util.Locale.ROOT));
        }
      }
      TableToken token = liveToken(table.name());
      if (token == null) {
        throw new SinkException(
            "QuestDB table " + table.name() + " was dropped while being declared", null, true);
      }
      return token;
    } catch (SqlException | RuntimeException | CairoError e) {
      columns.remove(key); // read the table's state afresh next time
      throw failure("QuestDB table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  /** The table's token, or null when it does not exist (any more). */
  private TableToken liveToken(String table) {
    TableToken token = engine.getTableTokenIfExists(table);
    return token == null || engine.isTableDropped(token) ? null : token;
  }

  /**
   * A WAL table QuestDB suspended after a failed apply (disk full) takes rows again once resumed.
   */
  private void resumeIfSuspended(TableToken token) throws SqlException {
    if (engine.isWalTable(token) && engine.getTableSequencerAPI().isSuspended(token)) {
      engine.execute("ALTER TABLE \"" + token.getTableName() + "\" RESUME WAL");
    }
  }

  /**
   * Wraps a QuestDB failure, telling whether a retry can succeed: operating-system errors (disk
   * full, I/O), a table dropped or suspended, and engine errors are transient; a refusal of the
   * data itself is not.
   */
  static SinkException failure(String message, Throwable e) {
    boolean retry =
        e instanceof CairoError
            || (e instanceof CairoException c
                && (c.getErrno() > 0
                    || c.isTableDoesNotExist()
                    || c.isTableDropped()
                    || c.isCritical()
                    || c.isOutOfMemory()
                    || String.valueOf(c.getMessage()).contains("suspended")))
            || (e instanceof SqlException q
                && String.valueOf(q.getMessage()).contains("does not exist"))
            || mentionsResourceShortage(e);
    return new SinkException(message, e, retry);
  }

  /** Operating-system resource errors QuestDB reports as text (a DDL's SqlException, say). */
  private static boolean mentionsResourceShortage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("No space left")
          || m.contains("Disk quota")
          || m.contains("Too many open files")
          || m.contains("Input/output error")
          || m.contains("could not mmap")
          || m.contains("Cannot allocate memory")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One unit of work's writers (a batch of uploads): a WAL writer per table it touches, column
   * indexes resolved once. Long-lived: rows of many uploads pass through the same writers.
   */
  private final class Writer implements SinkWriter {
    private final List<Handle> handles = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();

    @Override
    public int declare(MessageTable table) throws SinkException {
      Integer existing = byName.get(table.name());
      if (existing != null && handles.get(existing).covers(table)) {
        return existing;
      }
      TableToken token = QuestDbSink.this.declare(table);
      if (existing != null) {
        handles.get(existing).reopen(table); // the table gained columns (DBC reloaded)
        return existing;
      }
      Handle h;
      try {
        h = new Handle(token, engine.getWalWriter(token));
      } catch (RuntimeException | CairoError e) {
        throw failure("QuestDB table " + table.name() + ": " + e.getMessage(), e);
      }
      handles.add(h);
      byName.put(table.name(), handles.size() - 1);
      h.resolve(table);
      return handles.size() - 1;
    }

    @Override
    public void row(int table, long timestampNs, String device, String bus, double[] values)
        throws SinkException {
      Handle h = handles.get(table);
      try {
        io.questdb.cairo.TableWriter.Row r = h.writer.newRow(Math.floorDiv(timestampNs, 1000L));
        r.putSym(h.deviceColumn, device);
        r.putSym(h.busColumn, bus);
        int[] cols = h.signalColumns;
        for (int i = 0; i < cols.length; i++) {
          r.putDouble(cols[i], values[i]); // NaN is QuestDB's DOUBLE NULL
        }
        r.append();
        h.pending = true;
      } catch (RuntimeException | CairoError e) {
        throw failure("QuestDB table " + h.token.getTableName() + ": " + e, e);
      }
    }

    @Override
    public void commit() throws SinkException {
      try {
        for (Handle h : handles) {
          h.commitWal();
        }
        for (Handle h : handles) {
          if (h.unappliedTxn >= 0) {
            engine.awaitTxn(
                h.token.getTableName(), h.unappliedTxn, APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            h.unappliedTxn = -1;
          }
        }
      } catch (RuntimeException | CairoError e) {
        throw failure("QuestDB commit failed: " + e.getMessage(), e);
      }
    }

    /** Closes every writer, even when some fail (a writer broken by a full disk). */
    @Override
    public void close() {
      RuntimeException first = null;
      for (Handle h : handles) {
        try {
          h.close();
        } catch (RuntimeException | CairoError e) {
          if (first == null) {
            first = new IllegalStateException("closing QuestDB writers: " + e.getMessage(), e);
          }
        }
      }
      handles.clear();
      byName.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  /** A table's WAL writer within one {@link Writer}. */
  private final class Handle {
    final TableToken token;
    WalWriter writer;
    int deviceColumn;
    int busColumn;
    int[] signalColumns;
    List<String> signals = List.of();

    /** Rows appended since the last WAL commit. */
    boolean pending;

    /**
     * A WAL transaction at or after this writer's last commit, not yet awaited as applied, or -1.
     */
    long unappliedTxn = -1;

    Handle(TableToken token, WalWriter writer) {
      this.token = token;
      this.writer = writer;
    }

    boolean covers(MessageTable table) {
      return signals.equals(table.signals());
    }

    /** Makes pending rows durable in the WAL (QuestDB applies them to the table in background). */
    void commitWal() {
      if (pending) {
        writer.commit();
        pending = false;
        unappliedTxn = engine.getTableSequencerAPI().lastTxn(token);
      }
    }

    /** After the table was altered: a writer that knows the new columns. */
    void reopen(MessageTable table) throws SinkException {
      try {
        commitWal();
        writer.close();
        writer = null;
        writer = engine.getWalWriter(token);
      } catch (RuntimeException | CairoError e) {
        throw failure("QuestDB table " + table.name() + ": " + e.getMessage(), e);
      }
      resolve(table);
    }

    void resolve(MessageTable table) throws SinkException {
      TableRecordMetadata meta = writer.getMetadata();
      deviceColumn = meta.getColumnIndexQuiet("device");
      busColumn = meta.getColumnIndexQuiet("bus");
      int[] cols = new int[table.signals().size()];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = meta.getColumnIndexQuiet(table.signals().get(i));
        if (cols[i] < 0) {
          forget(table.name()); // changed behind the gateway's back: read it afresh next time
          throw new SinkException(
              "QuestDB table " + table.name() + " lacks column " + table.signals().get(i),
              null,
              true);
        }
      }
      signalColumns = cols;
      signals = table.signals();
    }

    /** Discards pending rows and returns the writer to QuestDB's pool. */
    void close() {
      if (writer == null) {
        return;
      }
      try {
        if (pending) {
          writer.rollback();
        }
      } finally {
        writer.close();
        writer = null;
      }
    }
  }

  private synchronized void forget(String table) {
    columns.remove(table.toLowerCase(java.util.Locale.ROOT));
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, jdbcProps);
  }

  @Override
  public boolean ping() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public List<Bucket> series(
      String table, String column, String device, long fromMicros, long toMicros, long bucketMicros)
      throws SinkException {
    String sql =
        "SELECT ts, min(\"%s\"), max(\"%s\"), avg(\"%s\"), count(\"%s\") FROM \"%s\" WHERE device = ? AND ts >= %d::timestamp AND ts < %d::timestamp SAMPLE BY %dU ALIGN TO CALENDAR"
            .formatted(column, column, column, column, table, fromMicros, toMicros, bucketMicros);
    List<Bucket> out = new ArrayList<>();
    try (Connection c = connect();
        java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long count = rs.getLong(5);
          if (count == 0) {
            continue;
          }
          java.time.Instant t =
              rs.getObject(1, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
          long micros = t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
          out.add(new Bucket(micros, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), count));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new SinkException(
          "QuestDB query on " + table + "." + column + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long count(String table, String device) throws SinkException {
    try (Connection c = connect();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT count() FROM \"" + table + "\" WHERE device = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new SinkException("QuestDB count on " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
