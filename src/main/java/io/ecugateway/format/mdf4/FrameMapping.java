package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;

/**
 * How one channel group's records become frames, compiled once from the channel metadata: every
 * field (bus channel, ID, IDE, DLC, data length, direction, EDL/BRS/ESI) is a {@link FieldReader} —
 * a bit field, a constant from a virtual channel, or a table lookup — and the payload is a fixed
 * byte array in the record or variable-length signal data (VLSD). Nothing here depends on which
 * firmware wrote the file.
 */
final class FrameMapping {
  enum Payload {
    NONE,
    FIXED,
    VLSD_RECORDS,
    VLSD_SIGNAL_DATA
  }

  private static final int BUS_NAME_CACHE = 256;

  final BusEventType type;
  final long recordSize;
  final Payload payload;
  final long vlsdTarget;
  private final TimeReader time;
  private final FieldReader bus;
  private final FieldReader id;
  private final FieldReader ide;
  private final FieldReader dlc;
  private final FieldReader dataLength;
  private final FieldReader dir;
  private final FieldReader edl;
  private final FieldReader brs;
  private final FieldReader esi;

  /** All of the above from one word of the record, or null (see {@link FieldWord}). */
  private final FieldWord word;

  private final RawBits fixedData;
  private final int fixedDataBytes;
  private final RawBits vlsdOffset;
  private final String[] busNames = new String[BUS_NAME_CACHE];
  private final boolean hasIde;
  private final boolean hasDataLength;
  private final boolean lin;
  private final FrameKind kind;
  private final int idMask;

  /** Remote and error frames carry no payload. */
  private final boolean noPayload;

  private final boolean needsVlsd;
  private long recordIndex;

  private FrameMapping(
      BusEventType type,
      long recordSize,
      TimeReader time,
      FieldReader[] f,
      RawBits fixedData,
      int fixedDataBytes,
      RawBits vlsdOffset,
      Payload payload,
      long vlsdTarget,
      boolean hasIde,
      boolean hasDataLength) {
    this.type = type;
    this.recordSize = recordSize;
    this.time = time;
    this.bus = f[0];
    this.id = f[1];
    this.ide = f[2];
    this.dlc = f[3];
    this.dataLength = f[4];
    this.dir = f[5];
    this.edl = f[6];
    this.brs = f[7];
    this.esi = f[8];
    this.word = FieldWord.of(f);
    this.fixedData = fixedData;
    this.fixedDataBytes = fixedDataBytes;
    this.vlsdOffset = vlsdOffset;
    this.payload = payload;
    this.vlsdTarget = vlsdTarget;
    this.hasIde = hasIde;
    this.hasDataLength = hasDataLength;
    this.lin = type.isLin();
    this.kind = type.kind;
    this.idMask = lin ? 0x3F : 0x1FFF_FFFF;
    this.noPayload = kind == FrameKind.REMOTE || kind == FrameKind.ERROR;
    this.needsVlsd =
        (payload == Payload.VLSD_RECORDS || payload == Payload.VLSD_SIGNAL_DATA) && !noPayload;
    for (int i = 0; i < BUS_NAME_CACHE; i++) {
      busNames[i] = type.busPrefix + i;
    }
  }

  private static final String[] FIELDS = {
    "BusChannel", "ID", "IDE", "DLC", "DataLength", "Dir", "EDL", "BRS", "ESI"
  };

  /** Compiles the mapping for a group carrying bus events; null if it carries none. */
  static FrameMapping compile(ChannelGroup g, long startNs, boolean sorted, BlockReader r)
      throws IOException {
    BusEventType type = BusEventType.of(g);
    if (type == null) {
      return null;
    }
    long recordBytes = g.cg().dataBytes();
    CnBlock master = g.timeMaster();
    if (master == null) {
      throw r.error(
          g.cg().offset(), "channel group " + type.channelName + " has no time master channel");
    }
    TimeReader time =
        TimeReader.compile(master, conversion(r, master, "time"), recordBytes, startNs, r);
    FieldReader[] f = new FieldReader[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      String name = type.channelName + "." + FIELDS[i];
      CnBlock cn = g.find(name);
      f[i] =
          cn == null
              ? FieldReader.constant(i == 0 ? 1 : 0)
              : FieldReader.compile(cn, conversion(r, cn, name), recordBytes, r, name);
    }
    CnBlock data = g.find(type.channelName + ".DataBytes");
    RawBits fixed = null;
    RawBits offset = null;
    int fixedBytes = 0;
    Payload payload = Payload.NONE;
    long target = 0;
    if (data != null && data.type() == CnBlock.TYPE_VLSD) {
      offset = vlsdOffsetBits(data, recordBytes, r);
      target = data.data();
      if (target == 0) {
        throw r.error(data.offset(), type.channelName + ".DataBytes is VLSD but has no data link");
      }
      Block head = r.readHeader(target);
      payload = head.id().equals("CG") ? Payload.VLSD_RECORDS : Payload.VLSD_SIGNAL_DATA;
      if (sorted && payload == Payload.VLSD_RECORDS) {
        throw r.error(data.offset(), "VLSD channel group referenced from a sorted data group");
      }
    } else if (data != null && !data.isVirtual()) {
      if (data.bitOffset() != 0 || data.bitCount() % 8 != 0) {
        throw r.error(data.offset(), type.channelName + ".DataBytes is not byte aligned");
      }
      fixedBytes = (int) Math.min(data.bitCount() / 8, CanFrame.MAX_DATA);
      if (data.byteOffset() + data.bitCount() / 8 > recordBytes) {
        throw r.error(data.offset(), type.channelName + ".DataBytes lies outside its record");
      }
      fixed = new RawBits((int) data.byteOffset(), 0, 8, CnBlock.DT_BYTES, 0xFF, false);
      payload = Payload.FIXED;
    }
    return new FrameMapping(
        type,
        g.cg().recordSize(),
        time,
        f,
        fixed,
        fixedBytes,
        offset,
        payload,
        target,
        g.find(type.channelName + ".IDE") != null,
        g.find(type.channelName + ".DataLength") != null);
  }

  /** The record holds the entry's offset as an unsigned integer of the channel's bit count. */
  private static RawBits vlsdOffsetBits(CnBlock data, long recordBytes, BlockReader r)
      throws FormatException {
    CnBlock asUint =
        new CnBlock(
            data.offset(),
            0,
            0,
            data.name(),
            0,
            0,
            CnBlock.TYPE_FIXED,
            0,
            CnBlock.DT_UINT_LE,
            data.bitOffset(),
            data.byteOffset(),
            Math.min(data.bitCount(), 64),
            0);
    return RawBits.of(asUint, recordBytes, r, data.name());
  }

  private static Conversion conversion(BlockReader r, CnBlock cn, String name) throws IOException {
    return Conversion.of(CcBlock.read(r, cn.conversion()), r, name);
  }

  /**
   * Fills every field but a VLSD payload from the record at {@code rec}.
   *
   * @return the payload length the record declares (DataLength, or from the DLC)
   */
  int fill(byte[] b, int rec, CanFrame f) {
    long index = recordIndex++;
    f.timestampNs = time.ns(b, rec, index);
    long busNo;
    long rawId;
    long ideFlag;
    long dirFlag;
    long edlFlag;
    long brsFlag;
    long esiFlag;
    long dlcCode;
    long length;
    if (word != null) {
      long w = (long) FieldReader.LE_LONG.get(b, rec + word.offset);
      busNo = word.field(w, 0);
      rawId = word.field(w, 1);
      ideFlag = word.field(w, 2);
      dlcCode = word.field(w, 3);
      length = word.field(w, 4);
      dirFlag = word.field(w, 5);
      edlFlag = word.field(w, 6);
      brsFlag = word.field(w, 7);
      esiFlag = word.field(w, 8);
    } else {
      busNo = bus.read(b, rec, index);
      rawId = id.read(b, rec, index);
      ideFlag = hasIde ? ide.read(b, rec, index) : 0;
      dlcCode = dlc.read(b, rec, index);
      length = hasDataLength ? dataLength.read(b, rec, index) : 0;
      dirFlag = dir.read(b, rec, index);
      edlFlag = edl.read(b, rec, index);
      brsFlag = brs.read(b, rec, index);
      esiFlag = esi.read(b, rec, index);
    }
    int busIndex = (int) busNo;
    f.bus =
        busIndex >= 0 && busIndex < BUS_NAME_CACHE ? busNames[busIndex] : type.busPrefix + busIndex;
    if (hasIde) {
      f.extended = ideFlag != 0;
    } else {
      // writers without an IDE channel flag extended IDs in bit 31 (or by their size)
      f.extended = (rawId & 0x8000_0000L) != 0 || (rawId & 0x1FFF_FFFFL) > 0x7FF;
    }
    f.id = (int) (rawId & idMask);
    f.kind = kind;
    f.direction = dirFlag != 0 ? Direction.TX : Direction.RX;
    f.fd = edlFlag != 0;
    f.brs = brsFlag != 0;
    f.esi = esiFlag != 0;
    int code = (int) dlcCode & 0xF;
    int len;
    if (hasDataLength) {
      len = (int) Math.min(Math.max(length, 0), CanFrame.MAX_DATA);
    } else {
      len = f.fd ? CanFrame.dlcToLength(code) : Math.min(code, 8);
    }
    f.dlc = lin ? len : code;
    if (noPayload) {
      f.length = 0;
      return 0;
    }
    if (payload == Payload.FIXED) {
      int n = Math.min(len, fixedDataBytes);
      RecordBuffer.copy(b, rec + fixedData.byteOffset(), f.data, n);
      f.length = n;
    } else {
      f.length = 0;
    }
    return len;
  }

  /** The VLSD offset the record at {@code rec} refers to. */
  long vlsdOffset(byte[] b, int rec) {
    return vlsdOffset.readLong(b, rec);
  }

  boolean needsVlsd() {
    return needsVlsd;
  }
}
