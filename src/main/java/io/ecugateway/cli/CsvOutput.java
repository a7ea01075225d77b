package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import java.nio.charset.StandardCharsets;

/**
 * Long-form CSV, one row per decoded signal: {@code t,bus,message,signal,value,unit}. Values as in
 * the JSONL output (non-finite ones as NaN, Infinity, -Infinity); cells quoted when needed.
 */
final class CsvOutput implements DecodedOutput {
  private static final byte[] HEADER =
      "t,bus,message,signal,value,unit\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAN = bytes("NaN");
  private static final byte[] INF = bytes("Infinity");
  private static final byte[] NEG_INF = bytes("-Infinity");

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

  private String lastBus;
  private byte[] lastBusBytes;

  @Override
  public void start(ByteOutput out) {
    out.write(HEADER);
  }

  @Override
  public void write(CanFrame f, DecodeResult r, ByteOutput out) {
    byte[][] n = names.get(r.codec());
    if (f.bus != lastBus || lastBusBytes == null) {
      lastBus = f.bus;
      lastBusBytes = EncodedNames.csvCell(f.bus == null ? "" : f.bus);
    }
    for (int k = 0; k < r.count(); k++) {
      int i = r.signalIndex(k);
      byte[] signal = n[1 + 2 * i];
      byte[] unit = n[2 + 2 * i];
      out.ensure(
          2 * ByteOutput.MAX_NUMBER
              + 1
              + lastBusBytes.length
              + n[0].length
              + signal.length
              + unit.length);
      out.putTimestamp(f.timestampNs);
      out.put((byte) ',');
      out.put(lastBusBytes);
      out.put(n[0]);
      out.put(signal);
      if (r.isInteger(i)) {
        if (r.isUnsignedLong(i)) {
          out.putUnsignedLong(r.longValue(i));
        } else {
          out.putLong(r.longValue(i));
        }
      } else {
        double v = r.value(i);
        if (Double.isFinite(v)) {
          out.putDouble(v);
        } else {
          out.put(Double.isNaN(v) ? NAN : v > 0 ? INF : NEG_INF);
        }
      }
      out.put(unit);
    }
  }

  private static String cell(String s) {
    return new String(EncodedNames.csvCell(s == null ? "" : s), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
