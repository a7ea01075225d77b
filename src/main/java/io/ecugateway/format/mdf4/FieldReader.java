package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads one integer-valued bus field (ID, DLC, BusChannel...) from a record, compiled once from the
 * channel's metadata: bit position, data type and conversion. Constants (virtual channels with a
 * zero-factor conversion) and small lookup tables (DLC to length) are precomputed, so the
 * per-record work is a shift and a mask, or an array index. One final class keeps the hot call site
 * monomorphic; the two common shapes take no data-dependent branch: a little-endian unsigned field
 * and a constant are both {@code ((word >>> shift) & mask) + constant} (a constant has mask 0), so
 * groups that differ only in which fields are constant (CANedge 01.07 writes many) share one path.
 */
final class FieldReader {
  static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // fast paths
  private static final int LINEAR = 0;
  private static final int FAST_TABLE = 1;
  private static final int OTHER = 2;

  // what an OTHER field is
  private static final int RAW = 0;
  private static final int TABLE = 1;
  private static final int CONVERTED = 2;
  private static final int VIRTUAL = 3;

  /** Tables are precomputed for raw values up to this many bits. */
  private static final int MAX_TABLE_BITS = 8;

  private final int path;
  private final int mode;
  private final RawBits bits;
  private final long constant;
  private final long[] table;
  private final Conversion conversion;

  // the little-endian word holding the field (a constant reads the record's first bytes, mask 0)
  private final int byteOffset;
  private final int shift;
  private final long mask;

  private FieldReader(int mode, RawBits bits, long constant, long[] table, Conversion conversion) {
    this.mode = mode;
    this.bits = bits;
    this.constant = constant;
    this.table = table;
    this.conversion = conversion;
    boolean fast = bits != null && bits.fast();
    if (bits == null && conversion == null) {
      path = LINEAR;
    } else if (fast && mode == RAW) {
      path = LINEAR;
    } else if (fast && mode == TABLE) {
      path = FAST_TABLE;
    } else {
      path = OTHER;
    }
    this.byteOffset = fast ? bits.byteOffset() : 0;
    this.shift = fast ? bits.bitOffset() : 0;
    this.mask = fast ? bits.mask() : 0;
  }

  static FieldReader constant(long value) {
    return new FieldReader(RAW, null, value, null, null);
  }

  static FieldReader compile(
      CnBlock cn, Conversion conv, long recordBytes, BlockReader r, String name)
      throws FormatException {
    if (cn.isVirtual()) {
      if (conv.isConstant()) {
        return constant(Math.round(conv.offset()));
      }
      return new FieldReader(VIRTUAL, null, 0, null, conv);
    }
    RawBits bits = RawBits.of(cn, recordBytes, r, name);
    if (conv.isIdentity() && !bits.isFloat()) {
      return new FieldReader(RAW, bits, 0, null, null);
    }
    if (conv.isConstant()) {
      return constant(Math.round(conv.offset()));
    }
    if (!bits.isFloat() && !bits.signed() && bits.bitCount() <= MAX_TABLE_BITS) {
      long[] t = new long[1 << bits.bitCount()];
      for (int i = 0; i < t.length; i++) {
        t[i] = Math.round(conv.apply(i));
      }
      return new FieldReader(TABLE, bits, 0, t, null);
    }
    return new FieldReader(CONVERTED, bits, 0, null, conv);
  }

  /** Whether the field is cut from one little-endian word (a plain or table field, a constant). */
  boolean fromWord() {
    return path != OTHER;
  }

  /** For {@link #fromWord} fields: the word's offset in the record (0 for a constant). */
  int byteOffset() {
    return byteOffset;
  }

  int shift() {
    return shift;
  }

  /** 0 for a constant. */
  long mask() {
    return mask;
  }

  long constant() {
    return constant;
  }

  /** The table indexed by the raw value, or null. */
  long[] table() {
    return path == FAST_TABLE ? table : null;
  }

  /**
   * The field's value in the record starting at {@code rec}; {@code index} = record number. Reads 8
   * bytes from the field's first byte, which record buffers allow (see {@link RecordBuffer}).
   */
  long read(byte[] b, int rec, long index) {
    if (path == LINEAR) {
      return (((long) LE_LONG.get(b, rec + byteOffset) >>> shift) & mask) + constant;
    }
    if (path == FAST_TABLE) {
      return table[(int) (((long) LE_LONG.get(b, rec + byteOffset) >>> shift) & mask)];
    }
    return switch (mode) {
      case RAW -> bits.readLong(b, rec);
      case TABLE -> table[(int) bits.readLong(b, rec)];
      case CONVERTED -> Math.round(conversion.apply(bits.readDouble(b, rec)));
      default -> Math.round(conversion.apply(index));
    };
  }
}
