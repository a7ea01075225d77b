package io.ecugateway.pipeline;

import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.dbc.Signal;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows side of decoding, for uploads and the live store alike: a DBC message becomes a {@link
 * MessageTable} declared once per {@link SinkWriter}, a decoded frame one row {@code (table, ts,
 * device, bus, values)} with the values in column order ({@code NaN} = a multiplexed signal absent
 * from the frame), and the first and last time stored per device and table become the {@link
 * SignalIndex} entries. Not thread-safe: used by the thread that owns the writer.
 */
public final class MessageRows {
  /** Declared messages kept per writer; beyond, they are declared again when next seen. */
  private static final int MAX_TABLES = 16_384;

  private final Map<MessageCodec, Table> tables = new IdentityHashMap<>();

  /** Device → message → what was stored; outlives writers (a reopened writer keeps the ranges). */
  private final Map<String, Map<String, Range>> ranges = new LinkedHashMap<>();

  private SinkWriter writer;
  private MessageCodec lastCodec;
  private Table lastTable;
  private boolean newEntries;

  public MessageRows(SinkWriter writer) {
    this.writer = writer;
  }

  /** Writes into {@code next} from now on: tables are declared again, time ranges are kept. */
  public void writer(SinkWriter next) {
    writer = next;
    tables.clear();
    lastCodec = null;
    lastTable = null;
  }

  /** The table of a message in the current writer, declared on first use. */
  public Table table(MessageCodec codec) throws SinkException {
    if (codec == lastCodec) {
      return lastTable;
    }
    Table t = tables.get(codec);
    if (t == null) {
      if (tables.size() >= MAX_TABLES) {
        tables.clear(); // messages of replaced DBC snapshots (a long-lived live writer)
      }
      t = new Table(codec);
      tables.put(codec, t);
    }
    lastCodec = codec;
    lastTable = t;
    return t;
  }

  /** A consumer of {@link DecodeStep} that stores the frames of one device as rows. */
  public DeviceRows forDevice(String device) {
    return new DeviceRows(device);
  }

  /**
   * The values of a decoded frame in column order, in a new array: for a row written later on
   * another thread ({@link Table#write(long, String, String, double[])}).
   */
  public static double[] columnValues(DecodeResult r) {
    double[] v = new double[r.codec().signalCount()];
    fill(v, r);
    return v;
  }

  private static void fill(double[] v, DecodeResult r) {
    Arrays.fill(v, 0, r.codec().signalCount(), Double.NaN);
    for (int k = 0, n = r.count(); k < n; k++) {
      int i = r.signalIndex(k);
      v[i] = r.value(i);
    }
  }

  /** Signal index entries of everything stored so far, per device. */
  public Map<String, List<SignalIndex.MessageEntry>> entries() {
    Map<String, List<SignalIndex.MessageEntry>> out = new LinkedHashMap<>();
    ranges.forEach(
        (device, messages) -> {
          List<SignalIndex.MessageEntry> list = new ArrayList<>();
          for (Range r : messages.values()) {
            if (r.last != Long.MIN_VALUE) {
              list.add(r.entry());
            }
          }
          if (!list.isEmpty()) {
            out.put(device, list);
          }
        });
    return out;
  }

  /** True once after a device or message was stored for the first time (for a prompt index). */
  public boolean takeNewEntries() {
    boolean n = newEntries;
    newEntries = false;
    return n;
  }

  private Range range(String device, Table table) {
    Map<String, Range> ofDevice = ranges.computeIfAbsent(device, d -> new LinkedHashMap<>());
    Range r = ofDevice.get(table.messageName);
    if (r == null) {
      r = new Range();
      ofDevice.put(table.messageName, r);
      newEntries = true;
    }
    r.table = table;
    return r;
  }

  /** Times stored for one device in one table, and the table's shape for its index entry. */
  private static final class Range {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Table table;

    SignalIndex.MessageEntry entry() {
      MessageTable t = table.table;
      return new SignalIndex.MessageEntry(
          table.messageName,
          t.name(),
          table.signalNames,
          t.signals(),
          t.units(),
          Math.floorDiv(first, 1000L),
          Math.floorDiv(last, 1000L));
    }
  }

  /** One message's table as declared in the current writer. */
  public final class Table {
    private final String messageName;
    private final List<String> signalNames;
    private final MessageTable table;
    private final int handle;
    private final double[] values;
    private String lastDevice;
    private Range lastRange;

    private Table(MessageCodec codec) throws SinkException {
      List<Signal> signals = codec.message().signals();
      List<String> names = new ArrayList<>(signals.size());
      List<String> units = new ArrayList<>(signals.size());
      for (Signal s : signals) {
        names.add(s.name());
        units.add(s.unit() == null ? "" : s.unit());
      }
      this.messageName = codec.message().name();
      this.signalNames = List.copyOf(names);
      this.table = MessageTable.of(messageName, names, units);
      this.handle = writer.declare(table);
      this.values = new double[Math.max(1, names.size())];
    }

    /** Writes the row of a decoded frame. Allocates nothing. */
    public void write(long ts, String device, String bus, DecodeResult r) throws SinkException {
      fill(values, r);
      write(ts, device, bus, values);
    }

    /** Writes a row whose values are in column order ({@link #columnValues}). */
    public void write(long ts, String device, String bus, double[] columnValues)
        throws SinkException {
      writer.row(handle, ts, device, bus == null ? DecodeStep.NO_BUS : bus, columnValues);
      Range r = lastRange;
      if (device != lastDevice || r == null) {
        r = range(device, this);
        lastDevice = device;
        lastRange = r;
      }
      if (ts < r.first) {
        r.first = ts;
      }
      if (ts > r.last) {
        r.last = ts;
      }
    }
  }

  /** Stores the decoded frames of one device; counts its rows. */
  public final class DeviceRows implements DecodedConsumer<SinkException> {
    private final String device;
    private final Map<DbcDecoder, Table[]> byDecoder = new IdentityHashMap<>();
    private Table[] current = new Table[0];
    private long rows;

    private DeviceRows(String device) {
      this.device = device;
    }

    @Override
    public void decoderSelected(DbcDecoder decoder) {
      current = byDecoder.computeIfAbsent(decoder, d -> new Table[d.codecs().size()]);
    }

    @Override
    public void decoded(CanFrame frame, DecodeResult result) throws SinkException {
      MessageCodec codec = result.codec();
      Table t = current[codec.index()];
      if (t == null) {
        t = table(codec);
        current[codec.index()] = t;
      }
      t.write(frame.timestampNs, device, frame.bus, result);
      rows++;
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }
  }
}
