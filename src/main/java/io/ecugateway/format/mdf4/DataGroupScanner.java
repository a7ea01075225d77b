package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks the records of one data group and turns bus-event records into frames. Unsorted groups
 * prefix each record with its record id; VLSD channel groups' records (length + payload) follow the
 * fixed record that points at them — the scanner finds the entry by looking ahead in the buffer,
 * without consuming anything. A record cut off by the end of the data (a truncated or
 * still-being-written file) ends the scan with a warning; every complete record before it counts.
 */
final class DataGroupScanner implements FrameSource {
  /** How far past a record its VLSD entry may be; beyond that the frame is dropped. */
  private static final int MAX_VLSD_LOOKAHEAD = 1 << 20;

  /** Per record id: fixed size and what to do with it. */
  static final class Handler {
    final long size;
    final FrameMapping mapping;
    final VlsdGroup vlsd;

    /** The signal data a sorted group's VLSD payloads are read from; set by the scanner. */
    SignalData signalData;

    Handler(long size, FrameMapping mapping, VlsdGroup vlsd) {
      this.size = size;
      this.mapping = mapping;
      this.vlsd = vlsd;
    }
  }

  /** Position of the main scan in one VLSD channel group's entries. */
  static final class VlsdGroup {
    final long cgOffset;
    long next;

    VlsdGroup(long cgOffset) {
      this.cgOffset = cgOffset;
    }
  }

  private final BlockReader r;
  private final RecordBuffer rb;
  private final int idSize;
  private final Handler[] small = new Handler[256];
  private final Map<Long, Handler> large = new HashMap<>();
  private final Consumer<String> warnings;
  private final long recordLimit;
  private long records;
  private boolean dropWarned;

  DataGroupScanner(
      BlockReader r,
      DataStream data,
      int idSize,
      Map<Long, Handler> handlers,
      Map<Long, SignalData> signalData,
      long recordLimit,
      Consumer<String> warnings) {
    this.r = r;
    this.rb = new RecordBuffer(data, r.file());
    this.idSize = idSize;
    this.recordLimit = recordLimit;
    this.warnings = warnings;
    handlers.forEach(
        (id, h) -> {
          if (h.mapping != null && h.mapping.payload == FrameMapping.Payload.VLSD_SIGNAL_DATA) {
            h.signalData = signalData.get(h.mapping.vlsdTarget);
          }
          if (id >= 0 && id < small.length) {
            small[id.intValue()] = h;
          } else {
            large.put(id, h);
          }
        });
  }

  @Override
  public boolean next(CanFrame f) throws IOException {
    while (true) {
      if (records >= recordLimit || !rb.ensure(Math.max(idSize, 1))) {
        endOfData(Math.max(idSize, 1));
        return false;
      }
      int rec = rb.pos;
      Handler h = handler(rec);
      if (h.vlsd != null) {
        long len = vlsdLength();
        if (len < 0) {
          return false;
        }
        h.vlsd.next += 4 + len;
        rb.pos += idSize + 4 + (int) len;
        continue;
      }
      if (!rb.ensure(idSize + h.size)) {
        endOfData(idSize + h.size);
        return false;
      }
      records++;
      FrameMapping m = h.mapping;
      if (m == null) {
        rb.pos += idSize + (int) h.size;
        continue;
      }
      int body = rb.pos + idSize; // ensure() may have moved the record
      int declared = m.fill(rb.buf, body, f);
      int size = idSize + (int) h.size;
      boolean ok = true;
      if (m.needsVlsd()) {
        long target = m.vlsdOffset(rb.buf, body);
        if (m.payload == FrameMapping.Payload.VLSD_RECORDS) {
          int entry = adjacentEntry(m, size, target, declared, f);
          if (entry > 0) {
            rb.pos += size + entry;
            return true;
          }
          ok = lookAhead(m, h, target, declared, f);
        } else {
          ok = h.signalData.read(target, declared, f);
        }
        if (!ok) {
          dropped(target);
        }
      }
      rb.pos += size;
      if (ok) {
        return true;
      }
    }
  }

  private Handler handler(int at) throws FormatException {
    if (idSize == 0) {
      return small[0];
    }
    long id = recordId(rb.buf, at);
    Handler h = id >= 0 && id < small.length ? small[(int) id] : large.get(id);
    if (h == null) {
      throw new FormatException(
          r.file(),
          rb.fileOffset(at),
          "unknown record id "
              + id
              + " in the data of block "
              + rb.blockOffset()
              + " (corrupt data or wrong record layout)");
    }
    return h;
  }

  private long recordId(byte[] b, int at) {
    return switch (idSize) {
      case 1 -> b[at] & 0xFF;
      case 2 -> (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
      case 4 -> ((long) FieldReader.LE_LONG.get(b, at)) & 0xFFFF_FFFFL;
      default -> (long) FieldReader.LE_LONG.get(b, at);
    };
  }

  /** Length of the VLSD entry at {@code rec}, having made it available; -1 at a truncated end. */
  private long vlsdLength() throws IOException {
    if (!rb.ensure(idSize + 4)) {
      endOfData(idSize + 4);
      return -1;
    }
    long len = ((long) FieldReader.LE_LONG.get(rb.buf, rb.pos + idSize)) & 0xFFFF_FFFFL;
    if (len > RecordBuffer.MAX_RECORD) {
      throw new FormatException(
          r.file(),
          rb.fileOffset(rb.pos),
          "VLSD entry of "
              + len
              + " bytes in the data of block "
              + rb.blockOffset()
              + " exceeds the limit of "
              + RecordBuffer.MAX_RECORD);
    }
    if (!rb.ensure(idSize + 4 + len)) {
      endOfData(idSize + 4 + len);
      return -1;
    }
    return len;
  }

  /**
   * The common layout (CANedge): the frame's VLSD entry is the very next record. Then its payload
   * is copied and the entry consumed right away, exactly as the main scan would pass it (same
   * checks, same cursor update), so it is not parsed twice.
   *
   * @return bytes of the entry record consumed, or 0 if the next record is not the complete entry
   */
  private int adjacentEntry(FrameMapping m, int rel, long target, int declared, CanFrame f)
      throws IOException {
    if (!rb.ensure(rel + idSize + 4)) {
      return 0;
    }
    int at = rb.pos + rel;
    long id = recordId(rb.buf, at);
    Handler h = id >= 0 && id < small.length ? small[(int) id] : large.get(id);
    if (h == null || h.vlsd == null || h.vlsd.cgOffset != m.vlsdTarget || h.vlsd.next != target) {
      return 0;
    }
    long len = ((long) FieldReader.LE_LONG.get(rb.buf, at + idSize)) & 0xFFFF_FFFFL;
    int entry = idSize + 4 + (int) len;
    if (len > RecordBuffer.MAX_RECORD || !rb.ensure(rel + entry)) {
      return 0;
    }
    int n = (int) Math.min(Math.min(len, declared), CanFrame.MAX_DATA);
    RecordBuffer.copy(rb.buf, rb.pos + rel + idSize + 4, f.data, n);
    f.length = n;
    h.vlsd.next += 4 + len;
    return entry;
  }

  /**
   * Finds the VLSD entry at {@code target} in the records after the current one and copies its
   * payload. Looks only; the main scan passes those records later as usual.
   */
  private boolean lookAhead(FrameMapping m, Handler self, long target, int declared, CanFrame f)
      throws IOException {
    Handler vlsdHandler = null;
    long rel = idSize + self.size;
    long voff = -1;
    while (rel < MAX_VLSD_LOOKAHEAD) {
      if (!rb.ensure(rel + Math.max(idSize, 1))) {
        return false;
      }
      long id = recordId(rb.buf, rb.pos + (int) rel);
      Handler h = id >= 0 && id < small.length ? small[(int) id] : large.get(id);
      if (h == null) {
        return false;
      }
      if (h.vlsd == null) {
        rel += idSize + h.size;
        continue;
      }
      if (!rb.ensure(rel + idSize + 4)) {
        return false;
      }
      long len =
          ((long) FieldReader.LE_LONG.get(rb.buf, rb.pos + (int) rel + idSize)) & 0xFFFF_FFFFL;
      if (h.vlsd.cgOffset == m.vlsdTarget) {
        if (vlsdHandler == null) {
          vlsdHandler = h;
          voff = h.vlsd.next;
        }
        if (voff == target) {
          int n = (int) Math.min(Math.min(len, declared), CanFrame.MAX_DATA);
          if (len > RecordBuffer.MAX_RECORD || !rb.ensure(rel + idSize + 4 + n)) {
            return false;
          }
          RecordBuffer.copy(rb.buf, rb.pos + (int) rel + idSize + 4, f.data, n);
          f.length = n;
          return true;
        }
        if (voff > target) {
          return false;
        }
        voff += 4 + len;
      }
      rel += idSize + 4 + len;
    }
    return false;
  }

  private void dropped(long target) {
    if (!dropWarned) {
      dropWarned = true;
      warnings.accept(
          r.file()
              + ": a frame's data bytes (VLSD offset "
              + target
              + ") are missing; such frames are skipped (truncated file?)");
    }
  }

  private void endOfData(long needed) {
    int left = rb.remaining();
    if (left > 0 && records < recordLimit) {
      warnings.accept(
          r.file()
              + ": data of block "
              + rb.blockOffset()
              + " ends inside a record ("
              + left
              + " of "
              + needed
              + " bytes present at offset "
              + rb.fileOffset(rb.pos)
              + "): file truncated; "
              + records
              + " complete records read");
      rb.pos = rb.limit;
    }
  }
}
