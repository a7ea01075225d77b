package io.ecugateway.format.csv;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.HeadLines;
import io.ecugateway.format.text.LineCursor;
import java.io.IOException;

/**
 * CAN logs as CSV: the layout of CSS Electronics' mdf2csv ({@code
 * TimestampEpoch;BusChannel;ID;...}) and python-can's ({@code
 * timestamp,arbitration_id,extended,...}, see {@link PythonCanCsv}).
 */
public final class CsvFormat implements FrameFormat {
  public static final String NAME = "csv";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int order() {
    return 600;
  }

  /** The header line is decisive. */
  @Override
  public int probe(byte[] head, int length, String fileName) {
    HeadLines lines = new HeadLines(head, length, length < FormatRegistry.PROBE_BYTES);
    LineCursor c = new LineCursor();
    while (lines.next(c)) {
      if (c.restBlank()) {
        continue;
      }
      c.skipBlanks();
      if (c.startsWith("TimestampEpoch;") || c.startsWith(PythonCanCsv.HEADER)) {
        return 97;
      }
      return 0;
    }
    return 0;
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return new CsvReader(source.name(), source.openStream(), options);
  }
}
