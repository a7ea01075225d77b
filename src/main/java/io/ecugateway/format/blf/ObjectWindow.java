package io.ecugateway.format.blf;

import java.io.IOException;

/**
 * A fixed buffer over the inner object bytes: the parser asks for the next {@code n} bytes to be in
 * {@link #buf} at {@link #pos}, and this refills from the containers, moving the unread rest to the
 * front first. Objects larger than the buffer are skipped by streaming, never held.
 */
final class ObjectWindow {
  static final int CAPACITY = 1 << 18;

  final byte[] buf = new byte[CAPACITY];
  int pos;
  int limit;
  private final ContainerStream source;

  /** Inner bytes consumed before {@link #buf}[0], for messages. */
  private long base;

  ObjectWindow(ContainerStream source) {
    this.source = source;
  }

  /** Bytes available at {@link #pos}. */
  int available() {
    return limit - pos;
  }

  /** Offset of {@link #pos} in the inner stream (all containers' payloads in a row). */
  long innerOffset() {
    return base + pos;
  }

  /**
   * Makes {@code n} bytes (at most {@link #CAPACITY}) available at {@link #pos}.
   *
   * @return false if the input ends (or is damaged) first
   */
  boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      base += pos;
      limit -= pos;
      pos = 0;
    }
    while (limit < n) {
      int r = source.read(buf, limit, CAPACITY - limit);
      if (r < 0) {
        return false;
      }
      limit += r;
    }
    return true;
  }

  /**
   * Consumes {@code n} bytes, reading through what the buffer does not hold.
   *
   * @return false if the input ends first
   */
  boolean skip(long n) throws IOException {
    long left = n;
    while (left > limit - pos) {
      left -= limit - pos;
      base += limit;
      pos = limit = 0;
      int r = source.read(buf, 0, CAPACITY);
      if (r < 0) {
        return false;
      }
      limit = r;
    }
    pos += (int) left;
    return true;
  }
}
