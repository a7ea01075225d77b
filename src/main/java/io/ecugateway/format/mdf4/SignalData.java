package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Variable-length payloads of a sorted file: an SD block chain of (uint32 length, bytes) entries
 * that records point into by offset. Writers reference entries in increasing order, so the chain is
 * read sequentially through a buffered window; a backwards reference restarts it (correct, just
 * slower).
 */
final class SignalData {
  private static final int WINDOW = 64 * 1024;

  private final BlockReader r;
  private final long first;
  private final boolean unfinalized;
  private final Consumer<String> warnings;
  private RecordBuffer rb;

  /** Stream offset of {@code rb.pos}. */
  private long pos;

  SignalData(BlockReader r, long first, boolean unfinalized, Consumer<String> warnings) {
    this.r = r;
    this.first = first;
    this.unfinalized = unfinalized;
    this.warnings = warnings;
  }

  /**
   * Copies the entry at {@code offset} (at most {@code max} bytes) into the frame.
   *
   * @return false if the entry lies beyond the end of the data
   */
  boolean read(long offset, int max, CanFrame f) throws IOException {
    if (rb == null || offset < pos) {
      rb =
          new RecordBuffer(new DataStream(r, first, "SD", unfinalized, warnings), r.file(), WINDOW);
      pos = 0;
    }
    while (pos < offset) {
      if (rb.remaining() == 0 && !rb.ensure(1)) {
        return false;
      }
      int k = (int) Math.min(rb.remaining(), offset - pos);
      rb.pos += k;
      pos += k;
    }
    if (!rb.ensure(4)) {
      return false;
    }
    long len = ((long) FieldReader.LE_LONG.get(rb.buf, rb.pos)) & 0xFFFF_FFFFL;
    int n = (int) Math.min(Math.min(len, max), CanFrame.MAX_DATA);
    if (!rb.ensure(4 + n)) {
      return false;
    }
    RecordBuffer.copy(rb.buf, rb.pos + 4, f.data, n);
    f.length = n;
    // the rest of a longer entry is skipped by the next call
    rb.pos += 4 + n;
    pos += 4 + n;
    return true;
  }
}
