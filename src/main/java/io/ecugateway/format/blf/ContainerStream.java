package io.ecugateway.format.blf;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The file's top-level objects turned into one stream of inner object bytes: each {@code
 * LOG_CONTAINER}'s payload, stored or zlib-inflated, one after the other (an inner object may span
 * two containers). Streaming with fixed buffers: a container is inflated piecewise into the
 * caller's buffer, never whole. A container that inflates beyond its declared size (a zip bomb), a
 * corrupt zlib stream, a cut file or a broken object header ends the stream with one warning that
 * names the container's file offset; what came before it stays readable.
 */
final class ContainerStream implements AutoCloseable {
  static final int OBJECT_SIGNATURE = 0x4A42_4F4C; // "LOBJ"
  static final int BASE_HEADER = 16;
  static final int LOG_CONTAINER = 10;

  /** Base header plus compression method and uncompressed size. */
  private static final int CONTAINER_HEADER = BASE_HEADER + 16;

  private static final int STORED = 0;
  private static final int ZLIB = 2;

  private final FileInput in;
  private final String file;
  private final Consumer<String> warnings;
  private final byte[] header = new byte[CONTAINER_HEADER];
  private final byte[] compressed = new byte[1 << 16];
  private final Inflater inflater = new Inflater();
  private final byte[] probe = new byte[1];

  private long containerOffset = -1;
  private int method;
  private long declaredSize;
  private long produced;

  /** Payload bytes of the current container not yet read from the file. */
  private long payloadLeft;

  /** Padding after the current container (BLF pads objects by their size mod 4). */
  private int padding;

  private boolean ended;
  private boolean damaged;
  private long skippedTopLevel;

  ContainerStream(FileInput in, String file, Consumer<String> warnings) {
    this.in = in;
    this.file = file;
    this.warnings = warnings;
  }

  /** Whether the stream ended on damage (already reported). */
  boolean damaged() {
    return damaged;
  }

  /** Top-level objects other than containers, skipped. */
  long skippedTopLevel() {
    return skippedTopLevel;
  }

  /** File offset of the container being read, for messages; -1 before the first. */
  long containerOffset() {
    return containerOffset;
  }

  /**
   * Reads inner object bytes.
   *
   * @return bytes read (at least 1 if {@code len > 0}), or -1 at the end (or at damage)
   */
  int read(byte[] dst, int off, int len) throws IOException {
    while (!ended) {
      int n = method == STORED ? readStored(dst, off, len) : readInflated(dst, off, len);
      if (n > 0) {
        return n;
      }
      if (!ended) {
        nextContainer();
      }
    }
    return -1;
  }

  private int readStored(byte[] dst, int off, int len) throws IOException {
    if (payloadLeft == 0) {
      return 0;
    }
    int want = (int) Math.min(len, payloadLeft);
    int n = in.readFully(dst, off, want);
    payloadLeft -= n;
    if (n < want) {
      damage("is cut: the file ends inside it");
    }
    produced += n;
    return n;
  }

  private int readInflated(byte[] dst, int off, int len) throws IOException {
    if (containerOffset < 0 || inflater.finished()) {
      return 0;
    }
    long room = declaredSize - produced;
    try {
      while (true) {
        if (room == 0) {
          checkNoMoreOutput();
          return 0;
        }
        int n = inflater.inflate(dst, off, (int) Math.min(len, room));
        if (n > 0) {
          produced += n;
          return n;
        }
        if (inflater.finished()) {
          warnings.accept(
              where() + "inflates to " + produced + " bytes, not the declared " + declaredSize);
          return 0;
        }
        if (!feed()) {
          return 0;
        }
      }
    } catch (DataFormatException e) {
      damage("holds corrupt zlib data (" + e.getMessage() + ")");
      return 0;
    }
  }

  /** At the declared size: the zlib stream must end here, else the container is a zip bomb. */
  private void checkNoMoreOutput() throws DataFormatException, IOException {
    while (!inflater.finished()) {
      if (inflater.inflate(probe, 0, 1) > 0) {
        damage("inflates beyond its declared " + declaredSize + " bytes");
        return;
      }
      if (inflater.finished() || !feed()) {
        return;
      }
    }
  }

  /** Gives the inflater more compressed bytes; false (and damage reported) if there are none. */
  private boolean feed() throws IOException {
    if (inflater.needsDictionary()) {
      damage("needs a preset zlib dictionary");
      return false;
    }
    if (!inflater.needsInput()) {
      damage("holds zlib data that makes no progress");
      return false;
    }
    if (payloadLeft == 0) {
      damage("ends inside its zlib data");
      return false;
    }
    int want = (int) Math.min(compressed.length, payloadLeft);
    int n = in.readFully(compressed, 0, want);
    payloadLeft -= n;
    if (n == 0) {
      damage("is cut: the file ends inside its zlib data");
      return false;
    }
    inflater.setInput(compressed, 0, n);
    return true;
  }

  /** Moves past the rest of the current container and reads the next container's header. */
  private void nextContainer() throws IOException {
    if (containerOffset >= 0 && !finishContainer()) {
      return;
    }
    while (true) {
      long at = in.offset();
      int n = in.readFully(header, 0, BASE_HEADER);
      if (n == 0) {
        ended = true;
        return;
      }
      if (n < BASE_HEADER) {
        damageAt(at, "file ends inside an object header");
        return;
      }
      if (LittleEndian.i32(header, 0) != OBJECT_SIGNATURE) {
        damageAt(at, "expected an object header starting LOBJ");
        return;
      }
      long size = LittleEndian.u32(header, 8);
      long type = LittleEndian.u32(header, 12);
      if (type == LOG_CONTAINER && size >= CONTAINER_HEADER) {
        openContainer(at, size);
        return;
      }
      if (size < BASE_HEADER) {
        damageAt(at, "object size " + size + " is smaller than its header");
        return;
      }
      skippedTopLevel++;
      long rest = size - BASE_HEADER + size % 4;
      if (in.skip(rest) < rest) {
        damageAt(at, "file ends inside a " + size + "-byte object of type " + type);
        return;
      }
    }
  }

  private void openContainer(long at, long size) throws IOException {
    containerOffset = at;
    if (in.readFully(header, BASE_HEADER, 16) < 16) {
      damage("file ends inside the container header");
      return;
    }
    method = LittleEndian.u16(header, BASE_HEADER);
    declaredSize = LittleEndian.u32(header, BASE_HEADER + 8);
    payloadLeft = size - CONTAINER_HEADER;
    padding = (int) (size % 4);
    produced = 0;
    if (method == ZLIB) {
      inflater.reset();
    } else if (method != STORED) {
      damage("uses the unknown compression method " + method);
    }
  }

  /** Skips unread payload (a zlib stream may end early) and the padding. */
  private boolean finishContainer() throws IOException {
    long rest = payloadLeft + padding;
    payloadLeft = 0;
    long skipped = in.skip(rest);
    if (skipped < rest - padding) {
      damage("is cut: the file ends inside it");
      return false;
    }
    return true;
  }

  private String where() {
    return file + ": container at offset " + containerOffset + " ";
  }

  private void damage(String what) {
    reportDamage(where() + what + "; reading stops there");
  }

  private void damageAt(long at, String what) {
    reportDamage(file + ": offset " + at + ": " + what + "; reading stops there");
  }

  private void reportDamage(String message) {
    if (!ended) {
      ended = true;
      damaged = true;
      warnings.accept(message);
    }
  }

  @Override
  public void close() {
    inflater.end();
  }
}
