package io.ecugateway.format;

import java.io.IOException;

/**
 * One log file format (the SPI): a name, a content sniffer and a reader factory. Implementations
 * are found by {@link java.util.ServiceLoader}: adding a format is its own package plus one line in
 * {@code META-INF/services/io.ecugateway.format.FrameFormat}; {@link FormatRegistry} knows no
 * format by name. An implementation needs a public no-argument constructor.
 */
public interface FrameFormat {

  /** Short unique name, as users type it: {@code mf4}, {@code candump}, {@code asc}... */
  String name();

  /**
   * Where this format stands among the others, unique: detection asks formats in ascending order
   * and keeps the first of equal scores, and listings (help, errors) follow it. Binary containers
   * come first (MDF4 100, CANedge 200..220, BLF 250), then text formats (candump 300, ASC 400, TRC
   * 500, CSV 600).
   */
  int order();

  /**
   * How sure this format is that the input is its own, from the first bytes (up to {@link
   * FormatRegistry#PROBE_BYTES}) and the file name (a hint only; may be null).
   *
   * @return 0 = not mine, 100 = certain (magic bytes); text formats answer in between
   */
  int probe(byte[] head, int length, String fileName);

  /** Opens a reader; the source is owned by the reader afterwards and closed with it. */
  FrameReader open(LogSource source, ReadOptions options) throws IOException;

  /**
   * Whether {@link #open} needs {@link LogSource#path()} (random access, e.g. MDF4). For such
   * formats {@link FormatRegistry} spools a stream source to a temporary file first.
   */
  default boolean needsRandomAccess() {
    return false;
  }
}
