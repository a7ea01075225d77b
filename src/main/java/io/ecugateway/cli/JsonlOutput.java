package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object per decoded frame:
 *
 * <pre>
 * {"t":1600000000.123456,"bus":"can0","id":496,"ext":false,"message":"ExampleMessage","signals":{"Enable":1,"Temperature":250.0}}
 * </pre>
 *
 * Physical values as cantools gives them (integers stay integers, floats in Python repr form);
 * non-finite values as the strings "NaN", "Infinity", "-Infinity".
 */
final class JsonlOutput implements DecodedOutput {
  private static final byte[] T = ascii("{\"t\":");
  private static final byte[] BUS = ascii(",\"bus\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] EXT_TRUE = ascii(",\"ext\":true,\"message\":");
  private static final byte[] EXT_FALSE = ascii(",\"ext\":false,\"message\":");
  private static final byte[] SIGNALS = ascii(",\"signals\":{");
  private static final byte[] END = ascii("}}\n");
  private static final byte[] NAN = ascii("\"NaN\"");
  private static final byte[] INF = ascii("\"Infinity\"");
  private static final byte[] NEG_INF = ascii("\"-Infinity\"");

  /** Per message: [0] = quoted message name, [1 + i] = {@code "signal":} for signal i. */
  private final EncodedNames<byte[][]> names =
      new EncodedNames<>(
          c -> {
            byte[][] b = new byte[c.signalCount() + 1][];
            b[0] = EncodedNames.jsonString(c.name());
            for (int i = 0; i < c.signalCount(); i++) {
              byte[] key = EncodedNames.jsonString(c.signal(i).name());
              b[i + 1] = java.util.Arrays.copyOf(key, key.length + 1);
              b[i + 1][key.length] = ':';
            }
            return b;
          });

  private final ByteOutput out;
  private String lastBus;
  private byte[] lastBusBytes;

  JsonlOutput(OutputStream stream) {
    this.out = new ByteOutput(stream, 1 << 16);
  }

  @Override
  public void write(CanFrame f, DecodeResult r) throws IOException {
    MessageCodec codec = r.codec();
    byte[][] n = names.get(codec);
    out.write(T);
    out.writeTimestamp(f.timestampNs);
    out.write(BUS);
    out.write(busBytes(f.bus));
    out.write(ID);
    out.writeLong(f.id);
    out.write(f.extended ? EXT_TRUE : EXT_FALSE);
    out.write(n[0]);
    out.write(SIGNALS);
    for (int k = 0; k < r.count(); k++) {
      int i = r.signalIndex(k);
      if (k > 0) {
        out.write((byte) ',');
      }
      out.write(n[i + 1]);
      writeValue(r, i);
    }
    out.write(END);
  }

  private void writeValue(DecodeResult r, int i) throws IOException {
    if (r.isInteger(i)) {
      if (r.isUnsignedLong(i)) {
        out.writeUnsignedLong(r.longValue(i));
      } else {
        out.writeLong(r.longValue(i));
      }
      return;
    }
    double v = r.value(i);
    if (Double.isNaN(v)) {
      out.write(NAN);
    } else if (Double.isInfinite(v)) {
      out.write(v > 0 ? INF : NEG_INF);
    } else {
      out.writeDouble(v);
    }
  }

  private byte[] busBytes(String bus) {
    if (bus != lastBus) {
      lastBus = bus;
      lastBusBytes = EncodedNames.jsonString(bus == null ? "" : bus);
    }
    return lastBusBytes;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
