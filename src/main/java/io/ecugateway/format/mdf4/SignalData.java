package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Variable-length payloads of a sorted file: an SD block chain of (uint32 length, bytes) entries
 * that records point into by offset. Writers reference entries in increasing order, so the chain is
 * read sequentially; a backwards reference restarts it (correct, just slower).
 */
final class SignalData {
  private final BlockReader r;
  private final long first;
  private final boolean unfinalized;
  private final Consumer<String> warnings;
  private final byte[] scratch = new byte[8192];
  private final byte[] len4 = new byte[4];
  private DataStream stream;

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
    if (stream == null || offset < stream.position()) {
      stream = new DataStream(r, first, "SD", unfinalized, warnings);
    }
    stream.skip(offset - stream.position(), scratch);
    if (stream.position() != offset || !readFully(len4, 4)) {
      return false;
    }
    long len = ByteBuffer.wrap(len4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    int n = (int) Math.min(Math.min(len, max), CanFrame.MAX_DATA);
    if (!readFully(f.data, n)) {
      return false;
    }
    stream.skip(len - n, scratch);
    f.length = n;
    return true;
  }

  private boolean readFully(byte[] dst, int n) throws IOException {
    int at = 0;
    while (at < n) {
      int got = stream.read(dst, at, n - at);
      if (got < 0) {
        return false;
      }
      at += got;
    }
    return true;
  }
}
