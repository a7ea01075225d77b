package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads bus frames (CAN, CAN FD, LIN; data, remote and error frames) from an MDF 4.x file following
 * the ASAM bus-logging conventions, as CANedge loggers and tools like asammdf write it: finalized
 * or not, sorted or unsorted, DT/DL/HL/DZ data, fixed or VLSD payloads. Frames come out in time
 * order. Memory is bounded (one record window per data group plus the reorder window).
 */
public final class Mdf4Reader implements FrameReader {
  /** Records of different channel groups may be this much out of order (CANedge: ~1 s). */
  public static final long REORDER_WINDOW_NS = 2_000_000_000L;

  private static final int REORDER_CAPACITY = 1 << 20;
  private static final int MAX_DATA_GROUPS = 100_000;

  private final ByteInput in;
  private final FrameSource source;
  private final LogMetadata metadata;

  private Mdf4Reader(ByteInput in, FrameSource source, LogMetadata metadata) {
    this.in = in;
    this.source = source;
    this.metadata = metadata;
  }

  /** Opens {@code in}; on failure {@code in} is closed. */
  public static Mdf4Reader open(ByteInput in, ReadOptions options) throws IOException {
    try {
      return build(in, options.warnings());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw asFormatError(in.name(), e);
    }
  }

  private static Mdf4Reader build(ByteInput in, Consumer<String> warnings) throws IOException {
    IdBlock id = IdBlock.read(in);
    BlockReader r = new BlockReader(in);
    HdBlock hd = HdBlock.read(r);
    LogMetadata meta = new LogMetadata().put(LogMetadata.FORMAT, "mf4");
    meta.put(LogMetadata.START_NS, Long.toString(hd.startNs()));
    meta.put("mdf_version", id.versionText());
    meta.put("program", id.program());
    meta.put("finalized", Boolean.toString(id.finalized()));
    meta.put("tz_offset_min", Integer.toString(hd.tzOffsetMin()));
    HeaderComment.parse(hd.comment(), meta);

    boolean unfinalized = !id.finalized();
    List<FrameSource> groups = new ArrayList<>();
    BlockReader.ChainGuard dgGuard = new BlockReader.ChainGuard(r);
    int count = 0;
    for (long at = hd.firstDataGroup(); at != 0; ) {
      dgGuard.visit(at, "##DG");
      if (++count > MAX_DATA_GROUPS) {
        throw r.error(at, "more than " + MAX_DATA_GROUPS + " data groups");
      }
      DgBlock dg = DgBlock.read(r, at);
      FrameSource s = dataGroup(r, dg, hd.startNs(), unfinalized, id.finalized(), warnings);
      if (s != null) {
        groups.add(s);
      }
      at = dg.next();
    }
    FrameSource source =
        groups.isEmpty()
            ? f -> false
            : groups.size() == 1 ? groups.get(0) : new MergedSource(groups);
    return new Mdf4Reader(in, source, meta);
  }

  private static FrameSource dataGroup(
      BlockReader r,
      DgBlock dg,
      long startNs,
      boolean unfinalized,
      boolean countsValid,
      Consumer<String> warnings)
      throws IOException {
    boolean sorted = dg.recordIdSize() == 0;
    Map<Long, DataGroupScanner.Handler> handlers = new HashMap<>();
    Map<Long, DataGroupScanner.VlsdGroup> vlsdByCg = new HashMap<>();
    Map<Long, SignalData> signalData = new HashMap<>();
    List<FrameMapping> mappings = new ArrayList<>();
    long cycles = Long.MAX_VALUE;
    BlockReader.ChainGuard cgGuard = new BlockReader.ChainGuard(r);
    int groups = 0;
    for (long at = dg.firstChannelGroup(); at != 0; ) {
      cgGuard.visit(at, "##CG");
      ChannelGroup g = ChannelGroup.read(r, at);
      CgBlock cg = g.cg();
      groups++;
      if (sorted && groups > 1) {
        throw r.error(
            dg.offset(), "sorted data group (record id size 0) has several channel groups");
      }
      if (handlers.containsKey(cg.recordId())) {
        throw r.error(at, "record id " + cg.recordId() + " used by two channel groups");
      }
      if (cg.isVlsd()) {
        DataGroupScanner.VlsdGroup v = new DataGroupScanner.VlsdGroup(at);
        vlsdByCg.put(at, v);
        handlers.put(cg.recordId(), new DataGroupScanner.Handler(0, null, v));
      } else {
        if (cg.recordSize() > RecordBuffer.MAX_RECORD) {
          throw r.error(
              at, "record size " + cg.recordSize() + " exceeds " + RecordBuffer.MAX_RECORD);
        }
        FrameMapping m = FrameMapping.compile(g, startNs, sorted, r);
        if (m != null) {
          mappings.add(m);
          if (m.payload == FrameMapping.Payload.VLSD_SIGNAL_DATA) {
            signalData.put(m.vlsdTarget, new SignalData(r, m.vlsdTarget, unfinalized, warnings));
          }
        }
        // a sorted group's records carry no id; its one channel group is looked up as id 0
        long key = sorted ? 0 : cg.recordId();
        handlers.put(key, new DataGroupScanner.Handler(cg.recordSize(), m, null));
        cycles = countsValid ? cg.cycleCount() : Long.MAX_VALUE;
      }
      at = cg.next();
    }
    for (FrameMapping m : mappings) {
      if (m.payload == FrameMapping.Payload.VLSD_RECORDS && !vlsdByCg.containsKey(m.vlsdTarget)) {
        throw r.error(
            m.vlsdTarget, "VLSD channel group is not part of the data group " + dg.offset());
      }
    }
    if (mappings.isEmpty() || dg.data() == 0) {
      return null;
    }
    DataStream data = new DataStream(r, dg.data(), "DT", unfinalized, warnings);
    long limit = sorted ? cycles : Long.MAX_VALUE;
    FrameSource scanner =
        new DataGroupScanner(r, data, dg.recordIdSize(), handlers, signalData, limit, warnings);
    if (mappings.size() > 1) {
      return new ReorderWindow(scanner, REORDER_WINDOW_NS, REORDER_CAPACITY, r.file(), warnings);
    }
    return scanner;
  }

  @Override
  public boolean next(CanFrame frame) throws IOException {
    try {
      return source.next(frame);
    } catch (IOException | RuntimeException e) {
      throw asFormatError(in.name(), e);
    }
  }

  /**
   * Structure that runs off the end of the input, or an unforeseen inconsistency, is still the
   * file's problem: report it as a {@link FormatException}. Other I/O errors pass unchanged.
   */
  private static IOException asFormatError(String file, Exception e) {
    if (e instanceof FormatException f) {
      return f;
    }
    if (e instanceof java.io.EOFException || e instanceof RuntimeException) {
      return new FormatException(file, -1, "unreadable MDF data: " + e.getMessage(), e);
    }
    return (IOException) e;
  }

  @Override
  public LogMetadata metadata() {
    return metadata;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
