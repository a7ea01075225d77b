package io.ecugateway.format.blf;

import static io.ecugateway.format.blf.ContainerStream.BASE_HEADER;
import static io.ecugateway.format.blf.ContainerStream.OBJECT_SIGNATURE;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.BusNames;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Streams CAN frames from a Vector BLF file: the {@code LOGG} header, then objects ({@code LOBJ}
 * headers of version 1 or 2) inside {@code LOG_CONTAINER}s (see {@link ContainerStream}). CAN
 * objects become frames ({@link CanObjects}); others are skipped and counted in the metadata
 * ({@code skipped_objects}). Damage ends the file with one warning naming the offset; every object
 * complete before it is read. Allocation-free per frame; memory is fixed (one window, one
 * inflater).
 */
public final class BlfReader implements FrameReader {
  /** Object flags: timestamps in 10 µs units (else ns). */
  private static final int TIME_TEN_MICS = 0x1;

  private static final int TIME_ONE_NANS = 0x2;

  /** No CAN object comes near this; a larger size is damage, not data. */
  static final int MAX_CAN_OBJECT = 4096;

  /** Inner objects may be followed by a few padding bytes before the next LOBJ. */
  private static final int MAX_PADDING = 7;

  private final String file;
  private final Consumer<String> warnings;
  private final FileInput in;
  private final ContainerStream containers;
  private final ObjectWindow window;
  private final LogMetadata metadata = new LogMetadata();
  private final BusNames buses = new BusNames();
  private final SkippedObjects skipped = new SkippedObjects();
  private final long startNs;
  private boolean done;
  private boolean finished;

  private BlfReader(String file, InputStream stream, Consumer<String> warnings) throws IOException {
    this.file = file;
    this.warnings = warnings;
    this.in = new FileInput(stream);
    metadata.put(LogMetadata.FORMAT, BlfFormat.NAME);
    this.startNs = FileHeader.read(in, file, metadata).startNs;
    this.containers = new ContainerStream(in, file, warnings);
    this.window = new ObjectWindow(containers);
  }

  /** Opens {@code stream} (closed with the reader, or here on failure). */
  public static BlfReader open(String file, InputStream stream, ReadOptions options)
      throws IOException {
    try {
      return new BlfReader(file, stream, options.warnings());
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  @Override
  public boolean next(CanFrame f) throws IOException {
    ObjectWindow w = window;
    while (!done && atObject()) {
      byte[] b = w.buf;
      int p = w.pos;
      int version = LittleEndian.u16(b, p + 6);
      long size = LittleEndian.u32(b, p + 8);
      int type = LittleEndian.i32(b, p + 12);
      int body = version == 1 ? 32 : version == 2 ? 40 : 0;
      if (size < BASE_HEADER) {
        damage("object size " + size + " is smaller than its header");
      } else if (body == 0 || !CanObjects.isCan(type)) {
        skipObject(type, version, size);
      } else if (size > MAX_CAN_OBJECT) {
        damage("CAN object of type " + type + " claims " + size + " bytes");
      } else if (!w.ensure((int) size)) {
        damage("object of " + size + " bytes runs past the end of the file");
      } else if (frame(f, b, w.pos, body, (int) size, type)) {
        return true;
      }
    }
    finish();
    return false;
  }

  /** Decodes the CAN object at {@code b[p]} and consumes it; false if it was malformed. */
  private boolean frame(CanFrame f, byte[] b, int p, int body, int size, int type) {
    window.pos = p + size;
    if (body > size || !CanObjects.decode(type, b, p + body, p + size, f, buses)) {
      skipped.malformed(type);
      return false;
    }
    long ts = LittleEndian.u64(b, p + 24);
    int flags = LittleEndian.i32(b, p + 16);
    boolean tenMicros = (flags & TIME_TEN_MICS) != 0 && (flags & TIME_ONE_NANS) == 0;
    f.timestampNs = startNs + (tenMicros ? ts * 10_000 : ts);
    return true;
  }

  private void skipObject(int type, int version, long size) throws IOException {
    skipped.add(type, version);
    if (!window.skip(size)) {
      damage("object of " + size + " bytes runs past the end of the file");
    }
  }

  /**
   * Positions the window at the next LOBJ header (after padding), or returns false at the end; a
   * few zero padding bytes at the very end are no damage.
   */
  private boolean atObject() throws IOException {
    ObjectWindow w = window;
    if (w.ensure(BASE_HEADER) && LittleEndian.i32(w.buf, w.pos) == OBJECT_SIGNATURE) {
      return true;
    }
    w.ensure(BASE_HEADER + MAX_PADDING);
    int n = Math.min(w.available(), BASE_HEADER + MAX_PADDING);
    for (int skip = 1; skip <= MAX_PADDING && skip + BASE_HEADER <= n; skip++) {
      if (LittleEndian.i32(w.buf, w.pos + skip) == OBJECT_SIGNATURE) {
        w.pos += skip;
        return true;
      }
    }
    if (w.available() == 0 || (w.available() <= MAX_PADDING && allZero(w))) {
      return false;
    }
    if (!containers.damaged()) {
      damage(
          n >= BASE_HEADER
              ? "expected an object header starting LOBJ"
              : "file ends inside an object header");
    }
    return false;
  }

  private static boolean allZero(ObjectWindow w) {
    for (int i = w.pos; i < w.limit; i++) {
      if (w.buf[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private void damage(String what) {
    done = true;
    if (!containers.damaged()) {
      warnings.accept(
          file
              + ": container at offset "
              + containers.containerOffset()
              + ", byte "
              + window.innerOffset()
              + " of the uncompressed data: "
              + what
              + "; reading stops there");
    }
  }

  /** At the end (or damage): the counts of what was skipped, once. */
  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    done = true;
    skipped.addTopLevel(containers.skippedTopLevel());
    metadata.put("skipped_objects", skipped.summary());
    String malformed = skipped.malformedSummary();
    if (malformed != null) {
      warnings.accept(file + ": skipped CAN objects too short for their type: " + malformed);
    }
  }

  @Override
  public LogMetadata metadata() {
    return metadata;
  }

  @Override
  public void close() throws IOException {
    containers.close();
    in.close();
  }
}
