package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Long-form CSV, one row per decoded signal: {@code t,bus,message,signal,value,unit}. Values as in
 * the JSONL output (non-finite ones as NaN, Infinity, -Infinity); cells quoted when needed.
 */
final class CsvOutput implements DecodedOutput {
  private static final byte[] HEADER =
      "t,bus,message,signal,value,unit\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * Per message: [0] = {@code ,message,}, [1 + 2i] = {@code signal,}, [2 + 2i] = {@code ,unit\n}.
   */
  private final EncodedNames<byte[][]> names =
      new EncodedNames<>(
          c -> {
            byte[][] b = new byte[2 * c.signalCount() + 1][];
            b[0] = bytes("," + cell(c.name()) + ",");
            for (int i = 0; i < c.signalCount(); i++) {
              b[1 + 2 * i] = bytes(cell(c.signal(i).name()) + ",");
              b[2 + 2 * i] = bytes("," + cell(c.signal(i).unit()) + "\n");
            }
            return b;
          });

  private final ByteOutput out;
  private String lastBus;
  private byte[] lastBusBytes;

  CsvOutput(OutputStream stream) throws IOException {
    this.out = new ByteOutput(stream, 1 << 16);
    out.write(HEADER);
  }

  @Override
  public void write(CanFrame f, DecodeResult r) throws IOException {
    byte[][] n = names.get(r.codec());
    if (f.bus != lastBus) {
      lastBus = f.bus;
      lastBusBytes = EncodedNames.csvCell(f.bus == null ? "" : f.bus);
    }
    for (int k = 0; k < r.count(); k++) {
      int i = r.signalIndex(k);
      out.writeTimestamp(f.timestampNs);
      out.write((byte) ',');
      out.write(lastBusBytes);
      out.write(n[0]);
      out.write(n[1 + 2 * i]);
      if (r.isInteger(i)) {
        if (r.isUnsignedLong(i)) {
          out.writeUnsignedLong(r.longValue(i));
        } else {
          out.writeLong(r.longValue(i));
        }
      } else {
        double v = r.value(i);
        if (Double.isFinite(v)) {
          out.writeDouble(v);
        } else {
          out.writeAscii(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
      }
      out.write(n[2 + 2 * i]);
    }
  }

  private static String cell(String s) {
    return new String(EncodedNames.csvCell(s == null ? "" : s), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
