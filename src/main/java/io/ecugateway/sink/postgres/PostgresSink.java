package io.ecugateway.sink.postgres;

import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SignalQueries;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL store with the same layout as the QuestDB one: a table per message with {@code ts
 * timestamptz}, {@code device}, {@code bus} and a {@code double precision} column per signal,
 * primary key (device, ts, bus). Rows stream in with binary {@code COPY} (built in a reused buffer,
 * nothing allocated per row) into a temporary staging table, then one {@code INSERT ... ON CONFLICT
 * DO UPDATE} per batch makes replays idempotent.
 */
public final class PostgresSink implements SignalOutput, SignalQueries {
  /** The output's registered name ({@code storage.outputs}, {@code storage.sink}). */
  public static final String NAME = "postgres";

  /** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01). */
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  private static final byte[] COPY_HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  private final String url;
  private final Properties props = new Properties();
  private final String schema;
  private final int batchRows;
  private final Map<String, Set<String>> columns = new HashMap<>();

  /** Connects to the database {@code config} describes and creates its schema if needed. */
  public static PostgresSink open(PostgresConfig config) throws SinkException {
    return new PostgresSink(
        config.url(), config.user(), config.password(), config.schema(), config.batchRows());
  }

  public PostgresSink(String url, String user, String password, String schema, int batchRows)
      throws SinkException {
    this.url = url;
    if (user != null && !user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    this.schema = schema;
    this.batchRows = batchRows;
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
    } catch (SQLException e) {
      throw new SinkException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public String schema() {
    return schema;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, props);
  }

  private String qualified(String table) {
    return "\"" + schema + "\".\"" + table + "\"";
  }

  /** Creates or evolves a table; serialised (concurrent CREATEs of one table conflict in PG). */
  synchronized void declare(MessageTable table) throws SinkException {
    String key = table.name().toLowerCase(Locale.ROOT);
    Set<String> known = columns.get(key);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      if (known == null) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
        ddl.append(qualified(table.name()))
            .append(" (ts timestamptz NOT NULL, device text NOT NULL, bus text NOT NULL");
        for (String col : table.signals()) {
          ddl.append(", \"").append(col).append("\" double precision");
        }
        ddl.append(", PRIMARY KEY (device, ts, bus))");
        s.execute(ddl.toString());
        known = new HashSet<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ?")) {
          ps.setString(1, schema);
          ps.setString(2, table.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              known.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
          }
        }
        columns.put(key, known);
      }
      for (String col : table.signals()) {
        if (!known.contains(col.toLowerCase(Locale.ROOT))) {
          s.execute(
              "ALTER TABLE "
                  + qualified(table.name())
                  + " ADD COLUMN IF NOT EXISTS \""
                  + col
                  + "\" double precision");
          known.add(col.toLowerCase(Locale.ROOT));
        }
      }
    } catch (SQLException e) {
      throw failure("PostgreSQL table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public SinkWriter openWriter() throws SinkException {
    try {
      Connection c = connect();
      c.setAutoCommit(false);
      return new Writer(c);
    } catch (SQLException e) {
      throw failure("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Wraps a PostgreSQL failure, telling whether a retry can succeed: connection loss, lack of
   * resources (disk full), operator intervention, I/O errors, transaction conflicts and a table or
   * column dropped behind the gateway's back are transient. A missing table or column also empties
   * the known-table cache, so the retry creates it again.
   */
  SinkException failure(String message, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean missing = state.equals("42P01") || state.equals("42703");
    if (missing) {
      synchronized (this) {
        columns.clear();
      }
    }
    boolean retry =
        missing
            || state.isEmpty()
            || state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("53")
            || state.startsWith("57")
            || state.startsWith("58");
    return new SinkException(message, e, retry);
  }

  private final class Writer implements SinkWriter {
    private final Connection connection;
    private final List<Handle> handles = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private String lastDevice;
    private byte[] lastDeviceBytes;
    private String lastBus;
    private byte[] lastBusBytes;

    Writer(Connection connection) {
      this.connection = connection;
    }

    @Override
    public int declare(MessageTable table) throws SinkException {
      Integer existing = byName.get(table.name());
      if (existing != null && handles.get(existing).table.signals().equals(table.signals())) {
        return existing;
      }
      PostgresSink.this.declare(table);
      try {
        if (existing != null) {
          Handle h = handles.get(existing);
          h.flush();
          h.setTable(table);
          return existing;
        }
        Handle h = new Handle(handles.size(), table);
        handles.add(h);
        byName.put(table.name(), h.index);
        return h.index;
      } catch (SQLException e) {
        throw failure("PostgreSQL table " + table.name() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void row(int table, long timestampNs, String device, String bus, double[] values)
        throws SinkException {
      Handle h = handles.get(table);
      if (device != lastDevice) {
        lastDevice = device;
        lastDeviceBytes = device.getBytes(StandardCharsets.UTF_8);
      }
      if (bus != lastBus) {
        lastBus = bus;
        lastBusBytes = bus.getBytes(StandardCharsets.UTF_8);
      }
      try {
        h.append(timestampNs, lastDeviceBytes, lastBusBytes, values);
      } catch (SQLException e) {
        throw failure("PostgreSQL table " + h.table.name() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void commit() throws SinkException {
      try {
        for (Handle h : handles) {
          h.flush();
        }
        connection.commit();
      } catch (SQLException e) {
        throw failure("PostgreSQL commit: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException e) {
        // closing after a failure: nothing more to do
      }
    }

    /** Rows of one table: a binary COPY buffer and the staging-table statements. */
    private final class Handle {
      final int index;
      MessageTable table;
      String stage;
      String copySql;
      String mergeSql;
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      int rows;

      Handle(int index, MessageTable table) throws SQLException {
        this.index = index;
        setTable(table);
      }

      void setTable(MessageTable t) throws SQLException {
        this.table = t;
        this.stage = "stage_" + index;
        StringBuilder cols = new StringBuilder("ts, device, bus");
        StringBuilder set = new StringBuilder();
        for (String c : t.signals()) {
          cols.append(", \"").append(c).append('"');
          set.append(set.isEmpty() ? "" : ", ")
              .append('"')
              .append(c)
              .append("\" = EXCLUDED.\"")
              .append(c)
              .append('"');
        }
        try (Statement s = connection.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + stage);
          s.execute(
              "CREATE TEMP TABLE "
                  + stage
                  + " AS SELECT "
                  + cols
                  + " FROM "
                  + qualified(t.name())
                  + " WITH NO DATA");
        }
        copySql = "COPY " + stage + " (" + cols + ") FROM STDIN (FORMAT binary)";
        mergeSql =
            "INSERT INTO "
                + qualified(t.name())
                + " ("
                + cols
                + ") SELECT DISTINCT ON (device, ts, bus) "
                + cols
                + " FROM "
                + stage
                + " ORDER BY device, ts, bus ON CONFLICT (device, ts, bus) DO "
                + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + set);
        buffer.clear();
        buffer.put(COPY_HEADER);
        rows = 0;
      }

      void append(long timestampNs, byte[] device, byte[] bus, double[] values)
          throws SQLException {
        int n = table.signals().size();
        int need = 2 + 12 + 8 + device.length + bus.length + 12 * n + 2;
        if (buffer.remaining() < need || rows >= batchRows) {
          flush();
          if (buffer.capacity() < need + COPY_HEADER.length) {
            buffer = ByteBuffer.allocate(need + COPY_HEADER.length);
            buffer.put(COPY_HEADER);
          }
        }
        buffer.putShort((short) (3 + n));
        buffer.putInt(8).putLong(Math.floorDiv(timestampNs, 1000L) - PG_EPOCH_MICROS);
        buffer.putInt(device.length).put(device);
        buffer.putInt(bus.length).put(bus);
        for (int i = 0; i < n; i++) {
          double v = values[i];
          if (v == v) {
            buffer.putInt(8).putDouble(v);
          } else {
            buffer.putInt(-1);
          }
        }
        rows++;
      }

      void flush() throws SQLException {
        if (rows == 0) {
          return;
        }
        buffer.putShort((short) -1); // trailer
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
          copy.writeToCopy(buffer.array(), 0, buffer.position());
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        try (Statement s = connection.createStatement()) {
          s.executeUpdate(mergeSql);
          s.execute("TRUNCATE " + stage);
        }
        buffer.clear();
        buffer.put(COPY_HEADER);
        rows = 0;
      }
    }
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
        "SELECT (floor((extract(epoch FROM ts) * 1000000)::numeric / ?) * ?)::bigint AS b,"
            + " min(\"%s\"), max(\"%s\"), avg(\"%s\"), count(\"%s\") FROM %s"
                .formatted(column, column, column, column, qualified(table))
            + " WHERE device = ? AND ts >= to_timestamp(?::double precision / 1000000)"
            + " AND ts < to_timestamp(?::double precision / 1000000)"
            + " AND \""
            + column
            + "\" IS NOT NULL GROUP BY b ORDER BY b";
    List<Bucket> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, bucketMicros);
      ps.setLong(2, bucketMicros);
      ps.setString(3, device);
      ps.setLong(4, fromMicros);
      ps.setLong(5, toMicros);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Bucket(
                  rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new SinkException(
          "PostgreSQL query on " + table + "." + column + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long count(String table, String device) throws SinkException {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + qualified(table) + " WHERE device = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new SinkException("PostgreSQL count on " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // connections are per writer / per query
  }
}
