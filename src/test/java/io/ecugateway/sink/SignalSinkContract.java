package io.ecugateway.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store ({@link SignalOutput} that answers {@link SignalQueries}) must do, read back
 * over SQL as Grafana would. Subclasses start the store once per class and name the tables their
 * SQL dialect needs.
 */
public abstract class SignalSinkContract<S extends SignalOutput & SignalQueries> {
  protected static final long T0 = 1_627_274_454_000_000_000L; // 2021-07-26T04:40:54Z

  protected abstract S sink();

  protected abstract Connection sql() throws Exception;

  /** Fully qualified, quoted table name for SQL. */
  protected abstract String tableRef(String table);

  /** A device name unique to this test class run (the store may be shared). */
  protected abstract String device();

  protected void write(MessageTable table, int rows, double offset) throws Exception {
    try (SinkWriter w = sink().openWriter()) {
      int h = w.declare(table);
      double[] v = new double[table.signals().size()];
      for (int i = 0; i < rows; i++) {
        for (int s = 0; s < v.length; s++) {
          v[s] = i + s * 0.5 + offset;
        }
        if (v.length > 1 && i % 2 == 1) {
          v[1] = Double.NaN; // absent multiplexed signal
        }
        w.row(h, T0 + i * 10_000_000L, device(), "can1", v);
      }
      w.commit();
    }
  }

  @Test
  void rowsAreStoredOnceAndReplaysUpsert() throws Exception {
    MessageTable t = MessageTable.of("EngineData", List.of("Speed", "Rpm"), List.of("km/h", ""));
    write(t, 1000, 0);
    assertEquals(1000, sink().count("EngineData", device()));
    write(t, 1000, 1); // same keys, new values: replaced, not added
    assertEquals(1000, sink().count("EngineData", device()));
    try (Connection c = sql();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT \"Speed\", \"Rpm\" FROM "
                        + tableRef("EngineData")
                        + " WHERE device = '"
                        + device()
                        + "' ORDER BY ts LIMIT 2")) {
      assertTrue(rs.next());
      assertEquals(1.0, rs.getDouble(1));
      assertEquals(1.5, rs.getDouble(2));
      assertTrue(rs.next());
      assertEquals(2.0, rs.getDouble(1));
      rs.getDouble(2);
      assertTrue(rs.wasNull(), "NaN is stored as NULL");
    }
  }

  /**
   * Issue 11 item 3: a table dropped outside the gateway is created again. A writer may fail once
   * on the stale handle, but only with a transient failure (the upload is retried, not failed).
   */
  @Test
  void aTableDroppedBehindTheSinksBackIsCreatedAgain() throws Exception {
    MessageTable t = MessageTable.of("DroppedOutside", List.of("A"), List.of(""));
    write(t, 10, 0);
    try (Connection c = sql();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + tableRef("DroppedOutside"));
    }
    try {
      write(t, 20, 0);
    } catch (SinkException e) {
      assertTrue(e.transientFailure(), "a retry can succeed: " + e.getMessage());
      write(t, 20, 0);
    }
    assertEquals(20, sink().count("DroppedOutside", device()));
  }

  @Test
  void schemaEvolvesWhenADbcAddsSignals() throws Exception {
    write(MessageTable.of("Gps", List.of("Lat"), List.of("deg")), 10, 0);
    write(MessageTable.of("Gps", List.of("Lat", "Lon"), List.of("deg", "deg")), 20, 0);
    assertEquals(20, sink().count("Gps", device()));
  }

  @Test
  void seriesIsDownsampledServerSide() throws Exception {
    write(MessageTable.of("Temp", List.of("Value"), List.of("degC")), 100, 0); // 0..99, 10 ms apart
    long from = T0 / 1000;
    List<SignalQueries.Bucket> b =
        sink().series("Temp", "Value", device(), from, from + 1_000_000, 100_000);
    assertEquals(10, b.size());
    assertEquals(0.0, b.get(0).min());
    assertEquals(9.0, b.get(0).max());
    assertEquals(4.5, b.get(0).avg(), 1e-9);
    assertEquals(10, b.get(0).count());
    assertEquals(from, b.get(0).startMicros());
    assertEquals(99.0, b.get(9).max());
    assertTrue(sink().ping());
  }
}
