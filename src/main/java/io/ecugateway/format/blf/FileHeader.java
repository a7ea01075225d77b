package io.ecugateway.format.blf;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.LogMetadata;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The BLF file header ({@code LOGG}): its own size (objects start after it), the writing
 * application, the object count and the measurement start as a Windows SYSTEMTIME (year, month,
 * weekday, day, hour, minute, second, millisecond), to which object timestamps are relative.
 */
final class FileHeader {
  static final int SIGNATURE = 0x4747_4F4C; // "LOGG"

  /** The fields this reader uses end here; writers pad the header to 144 bytes. */
  static final int FIXED = 72;

  /** Larger headers are refused: no writer uses one, and a damaged size must not make us wait. */
  static final int MAX_SIZE = 1 << 16;

  private static final int START_TIME = 40;

  final int size;

  /** Measurement start, ns since the epoch; 0 when the header holds no valid time. */
  final long startNs;

  private FileHeader(int size, long startNs) {
    this.size = size;
    this.startNs = startNs;
  }

  /** Reads and checks the header, leaving {@code in} at the first object. */
  static FileHeader read(FileInput in, String file, LogMetadata metadata) throws IOException {
    byte[] b = new byte[FIXED];
    int n = in.readFully(b, 0, FIXED);
    if (n < 4 || LittleEndian.i32(b, 0) != SIGNATURE) {
      throw new FormatException(file, 0, "expected a BLF file header starting LOGG");
    }
    if (n < FIXED) {
      throw new FormatException(
          file, n, "file ends inside the BLF file header (" + FIXED + " bytes expected)");
    }
    long size = LittleEndian.u32(b, 4);
    if (size < FIXED || size > MAX_SIZE) {
      throw new FormatException(
          file, 4, "BLF header size " + size + ", expected " + FIXED + ".." + MAX_SIZE);
    }
    if (in.skip(size - FIXED) < size - FIXED) {
      throw new FormatException(file, in.offset(), "file ends inside the BLF file header");
    }
    long startNs = systemTimeNs(b, START_TIME);
    metadata.put(LogMetadata.START_NS, startNs == 0 ? null : Long.toString(startNs));
    metadata.put(
        "application",
        LittleEndian.u8(b, 8)
            + " "
            + LittleEndian.u8(b, 9)
            + "."
            + LittleEndian.u8(b, 10)
            + "."
            + LittleEndian.u8(b, 11));
    metadata.put("objects", Long.toString(LittleEndian.u32(b, 32)));
    return new FileHeader((int) size, startNs);
  }

  /**
   * A SYSTEMTIME as ns since the epoch. BLF stores the wall time without a zone; it is read as UTC
   * (python-can writes the local time, so its files read as UTC when written with TZ=UTC). An
   * all-zero or invalid time gives 0, object times then count from the epoch, as python-can does.
   */
  static long systemTimeNs(byte[] b, int at) {
    try {
      LocalDateTime t =
          LocalDateTime.of(
              LittleEndian.u16(b, at),
              LittleEndian.u16(b, at + 2),
              LittleEndian.u16(b, at + 6),
              LittleEndian.u16(b, at + 8),
              LittleEndian.u16(b, at + 10),
              LittleEndian.u16(b, at + 12),
              LittleEndian.u16(b, at + 14) * 1_000_000);
      return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
    } catch (DateTimeException e) {
      return 0;
    }
  }
}
