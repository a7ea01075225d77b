package io.ecugateway.format.blf;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import java.io.IOException;

/** Vector's Binary Logging Format ({@code .blf}), as CANalyzer, CANoe and python-can write it. */
public final class BlfFormat implements FrameFormat {
  public static final String NAME = "blf";

  @Override
  public String name() {
    return NAME;
  }

  /** A binary container: after MDF4 and CANedge, before the text formats. */
  @Override
  public int order() {
    return 250;
  }

  /** The {@code LOGG} signature is decisive. */
  @Override
  public int probe(byte[] head, int length, String fileName) {
    return length >= 4 && LittleEndian.i32(head, 0) == FileHeader.SIGNATURE ? 100 : 0;
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return BlfReader.open(source.name(), source.openStream(), options);
  }
}
