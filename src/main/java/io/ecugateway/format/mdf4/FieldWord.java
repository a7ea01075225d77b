package io.ecugateway.format.mdf4;

/**
 * A record plan for the common layouts: when every bus field of a channel group is a little-endian
 * field, a small table over one, or a constant, and all of them lie within one 8-byte word of the
 * record (CANedge: bytes 8..13, or 6..10), the record is read once and each field is cut out of
 * that word with its own shift and mask — the same arithmetic {@link FieldReader} does per field,
 * on the same bits, so the values are identical. Compiled from the channel metadata, like the
 * readers it replaces; any other layout keeps the per-field readers.
 */
final class FieldWord {
  /** Offset of the word in the record. */
  final int offset;

  private final int[] shift;
  private final long[] mask;
  private final long[] add;
  private final long[][] table;

  private FieldWord(int offset, int[] shift, long[] mask, long[] add, long[][] table) {
    this.offset = offset;
    this.shift = shift;
    this.mask = mask;
    this.add = add;
    this.table = table;
  }

  /** The plan for {@code fields}, or null if they do not all fit one word. */
  static FieldWord of(FieldReader[] fields) {
    int base = Integer.MAX_VALUE;
    for (FieldReader f : fields) {
      if (!f.fromWord()) {
        return null;
      }
      if (f.mask() != 0) {
        base = Math.min(base, f.byteOffset());
      }
    }
    if (base == Integer.MAX_VALUE) {
      base = 0; // constants only
    }
    int n = fields.length;
    int[] shift = new int[n];
    long[] mask = new long[n];
    long[] add = new long[n];
    long[][] table = new long[n][];
    for (int i = 0; i < n; i++) {
      FieldReader f = fields[i];
      if (f.mask() != 0) {
        int bit = (f.byteOffset() - base) * 8 + f.shift();
        int bits = 64 - Long.numberOfLeadingZeros(f.mask());
        if (bit + bits > 64) {
          return null;
        }
        shift[i] = bit;
      }
      mask[i] = f.mask();
      add[i] = f.constant();
      table[i] = f.table();
    }
    return new FieldWord(base, shift, mask, add, table);
  }

  /** Field {@code i}'s value, from the word read at {@link #offset}. */
  long field(long word, int i) {
    long raw = (word >>> shift[i]) & mask[i];
    long[] t = table[i];
    return t == null ? raw + add[i] : t[(int) raw];
  }
}
