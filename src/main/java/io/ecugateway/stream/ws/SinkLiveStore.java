package io.ecugateway.stream.ws;

import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.stream.LiveMessage;
import io.ecugateway.stream.MessageInfo;
import io.ecugateway.stream.SignalInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores live-decoded frames in the configured sink, in the same tables and rows as uploads (one
 * table per DBC message, keyed by ts, device and bus, so a later upload of the same frames adds no
 * rows). Ingest threads only {@link #offer} into a bounded queue; one writer thread drains it and
 * commits every {@code batchRows} rows or {@code flushMillis}, whichever comes first. When the
 * store cannot keep up the queue fills and further frames are dropped and counted ({@code
 * ecugw_live_store_dropped_total}): live delivery is never slowed down by the database.
 */
final class SinkLiveStore implements LiveStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkLiveStore.class);

  /** How long the writer waits after a store failure before it tries again. */
  private static final long RETRY_MS = 1000;

  /**
   * The signal index (device and signal listing of the query API) is rewritten at most this often.
   */
  private static final long INDEX_EVERY_NS = TimeUnit.SECONDS.toNanos(10);

  /** Longest idle wait of the writer before it looks at {@code closing} again. */
  private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

  private record Row(LiveMessage message, MessageInfo info) {}

  /** Time range of one device's rows in one table, and the table they went to. */
  private static final class Range {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Table table;
  }

  private final SignalOutput sink;
  private final SignalIndex index;
  private final int batchRows;
  private final long flushNs;
  private final ArrayBlockingQueue<Row> queue;
  private final Counter stored;
  private final Counter dropped;
  private final Timer commitLatency;
  private final Thread writerThread;
  private volatile boolean closing;
  private long lastDropLogNs;

  /** State of the writer thread only. */
  private SinkWriter writer;

  private final Map<String, Table> tables = new HashMap<>();

  /** Device → message → time range stored, for the signal index. */
  private final Map<String, Map<String, Range>> seen = new LinkedHashMap<>();

  private boolean indexHasNewEntries;
  private long lastIndexNs = System.nanoTime();

  /**
   * @param batchRows rows per commit at most
   * @param flushMillis longest time a stored row waits for its commit
   * @param queueRows frames that may wait for the writer; more are dropped
   */
  SinkLiveStore(
      SignalOutput sink,
      SignalIndex index,
      MeterRegistry meters,
      int batchRows,
      int flushMillis,
      int queueRows) {
    this.sink = sink;
    this.index = index;
    this.batchRows = batchRows;
    this.flushNs = TimeUnit.MILLISECONDS.toNanos(flushMillis);
    this.queue = new ArrayBlockingQueue<>(queueRows);
    this.stored =
        Counter.builder("ecugw.live.store.rows")
            .description("Live-decoded frames committed to the store")
            .register(meters);
    this.dropped =
        Counter.builder("ecugw.live.store.dropped")
            .description("Live-decoded frames not stored: queue full or store failure")
            .register(meters);
    this.commitLatency =
        Timer.builder("ecugw.live.store.commit.latency")
            .description("Time to make a batch of live rows durable and visible")
            .register(meters);
    Gauge.builder("ecugw.live.store.queue", queue, ArrayBlockingQueue::size)
        .description("Live frames waiting for the store writer")
        .register(meters);
    this.writerThread = Thread.ofVirtual().name("live-store").start(this::run);
  }

  @Override
  public void offer(LiveMessage message, MessageInfo info) {
    if (closing || !queue.offer(new Row(message, info))) {
      dropped.increment();
      long now = System.nanoTime();
      if (now - lastDropLogNs > TimeUnit.SECONDS.toNanos(10)) {
        lastDropLogNs = now; // racy across ingest threads; only limits the log rate
        LOG.warn(
            "live store falls behind: {} frames dropped so far (queue of {} full)",
            (long) dropped.count(),
            queue.remainingCapacity() + queue.size());
      }
    }
  }

  /** Rows committed so far (tests, diagnostics). */
  long storedRows() {
    return (long) stored.count();
  }

  /** Frames dropped so far. */
  long droppedRows() {
    return (long) dropped.count();
  }

  /** Stops taking frames, commits what is queued (waiting at most {@code timeoutMs}). */
  void close(long timeoutMs) {
    closing = true; // no interrupt: it would break a commit in progress (NIO closes on it)
    try {
      if (!writerThread.join(java.time.Duration.ofMillis(timeoutMs))) {
        LOG.warn("live store: {} queued frames not stored at shutdown", queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(10_000);
  }

  private void run() {
    List<Row> batch = new ArrayList<>(Math.min(batchRows, 4096));
    int uncommitted = 0;
    long firstUncommittedNs = 0;
    while (!closing || !queue.isEmpty()) {
      long waitNs = uncommitted == 0 ? flushNs : flushNs - (System.nanoTime() - firstUncommittedNs);
      // Bounded wait, so close() is noticed soon.
      waitNs = Math.clamp(waitNs, 0, POLL_NS);
      try {
        Row r = closing ? queue.poll() : queue.poll(waitNs, TimeUnit.NANOSECONDS);
        if (r != null) {
          batch.add(r);
          queue.drainTo(batch, Math.max(0, batchRows - uncommitted - 1));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      }
      if (!batch.isEmpty()) {
        if (uncommitted == 0) {
          firstUncommittedNs = System.nanoTime();
        }
        uncommitted += write(batch);
        batch.clear();
      }
      boolean due = System.nanoTime() - firstUncommittedNs >= flushNs;
      if (uncommitted > 0 && (uncommitted >= batchRows || due || closing)) {
        commit(uncommitted);
        uncommitted = 0;
      }
    }
    if (uncommitted > 0) {
      commit(uncommitted);
    }
    closeWriter();
    recordIndex(true);
  }

  /** Appends the rows; returns how many are waiting for the next commit. */
  private int write(List<Row> rows) {
    try {
      if (writer == null) {
        writer = sink.openWriter();
      }
      for (Row r : rows) {
        append(r.message, r.info);
      }
      return rows.size();
    } catch (SinkException | RuntimeException e) {
      failed("writing", rows.size(), e);
      return 0;
    }
  }

  private void append(LiveMessage m, MessageInfo info) throws SinkException {
    Table t = tables.get(info.name());
    if (t == null || (t.info != info && !t.info.signals().equals(info.signals()))) {
      t = new Table(info, writer);
      tables.put(info.name(), t);
    }
    t.info = info;
    double[] values = t.values(m.signals(), m.values());
    writer.row(t.handle, m.timeNs(), m.device(), m.bus(), values);
    long micros = Math.floorDiv(m.timeNs(), 1000L);
    Map<String, Range> ofDevice = seen.computeIfAbsent(m.device(), d -> new LinkedHashMap<>());
    Range range = ofDevice.get(info.name());
    if (range == null) {
      range = new Range();
      ofDevice.put(info.name(), range);
      indexHasNewEntries = true;
    }
    range.table = t;
    range.first = Math.min(range.first, micros);
    range.last = Math.max(range.last, micros);
  }

  private void commit(int rows) {
    if (writer == null) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      writer.commit();
      commitLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      stored.increment(rows);
    } catch (SinkException | RuntimeException e) {
      failed("committing", rows, e);
      return;
    }
    recordIndex(false);
  }

  /** Drops the failed rows (counted), reopens the writer next time, and backs off briefly. */
  private void failed(String what, int rows, Exception e) {
    dropped.increment(rows);
    LOG.error("live store: {} {} rows failed, they are dropped: {}", what, rows, e.toString());
    closeWriter();
    tables.clear();
    if (!closing) {
      try {
        Thread.sleep(RETRY_MS);
      } catch (InterruptedException ie) {
        // closing
      }
    }
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (RuntimeException e) {
        LOG.warn("live store: closing the writer: {}", e.toString());
      }
      writer = null;
    }
  }

  /**
   * Lists what was stored in the signal index, at once for a new device or message (so the query
   * API finds it), else at most every {@link #INDEX_EVERY_NS} (the index is rewritten and fsynced).
   */
  private void recordIndex(boolean force) {
    long now = System.nanoTime();
    if (!force && !indexHasNewEntries && now - lastIndexNs < INDEX_EVERY_NS) {
      return;
    }
    lastIndexNs = now;
    indexHasNewEntries = false;
    for (Map.Entry<String, Map<String, Range>> d : seen.entrySet()) {
      List<SignalIndex.MessageEntry> entries = new ArrayList<>();
      for (Range r : d.getValue().values()) {
        entries.add(r.table.entry(r.first, r.last));
      }
      try {
        index.record(d.getKey(), entries);
      } catch (java.io.IOException e) {
        LOG.warn("live store: signal index not updated: {}", e.toString());
      }
    }
  }

  /** One message table as declared in the current writer, and the column of each signal. */
  private static final class Table {
    MessageInfo info;
    final MessageTable table;
    final int handle;
    final List<String> signalNames;
    final Map<String, Integer> column = new HashMap<>();
    final double[] row;
    private String[] lastNames;
    private int[] lastColumns;

    Table(MessageInfo info, SinkWriter writer) throws SinkException {
      this.info = info;
      List<String> names = new ArrayList<>();
      List<String> units = new ArrayList<>();
      for (SignalInfo s : info.signals()) {
        column.putIfAbsent(s.name(), names.size());
        names.add(s.name());
        units.add(s.unit());
      }
      this.signalNames = List.copyOf(names);
      this.table = MessageTable.of(info.name(), names, units);
      this.handle = writer.declare(table);
      this.row = new double[names.size()];
    }

    /**
     * The row for the values of the signals present (absent multiplexed signals are NULL). The
     * decoder shares one name array per message while the same signals are present, so the
     * name-to-column mapping is computed once per array.
     */
    double[] values(String[] names, double[] values) {
      if (names != lastNames) {
        int[] cols = new int[names.length];
        for (int k = 0; k < names.length; k++) {
          Integer c = column.get(names[k]);
          cols[k] = c == null ? -1 : c;
        }
        lastNames = names;
        lastColumns = cols;
      }
      Arrays.fill(row, Double.NaN);
      for (int k = 0; k < names.length; k++) {
        if (lastColumns[k] >= 0) {
          row[lastColumns[k]] = values[k];
        }
      }
      return row;
    }

    SignalIndex.MessageEntry entry(long firstMicros, long lastMicros) {
      return new SignalIndex.MessageEntry(
          info.name(),
          table.name(),
          signalNames,
          table.signals(),
          table.units(),
          firstMicros,
          lastMicros);
    }
  }
}
