package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object per decoded frame:
 *
 * <pre>
 * {"t":1600000000.123456,"bus":"can0","id":496,"ext":false,"message":"ExampleMessage","signals":{"Enable":1,"Temperature":250.0}}
 * </pre>
 *
 * Physical values as cantools gives them (integers stay integers, floats in Python repr form);
 * non-finite values as the strings "NaN", "Infinity", "-Infinity". Everything but the numbers is
 * copied from byte fragments encoded once per message and bus.
 */
final class JsonlOutput implements DecodedOutput {
  private static final byte[] T = ascii("{\"t\":");
  private static final byte[] END = ascii("}}\n");
  private static final byte[] NAN = ascii("\"NaN\"");
  private static final byte[] INF = ascii("\"Infinity\"");
  private static final byte[] NEG_INF = ascii("\"-Infinity\"");
  private static final int FIXED = T.length + ByteOutput.MAX_NUMBER + 11 + END.length;

  /** The encoded pieces of one message. */
  private static final class Fragments {
    /** {@code ,"ext":true,"message":"X","signals":{} and the same with false. */
    final byte[] extendedHead;

    final byte[] standardHead;

    /** {@code "signal":} per signal index. */
    final byte[][] keys;

    /** Worst-case bytes of one frame of this message, without the bus fragment. */
    final int maxBytes;

    Fragments(MessageCodec c) {
      byte[] name = EncodedNames.jsonString(c.name());
      extendedHead = concat(ascii(",\"ext\":true,\"message\":"), name, ascii(",\"signals\":{"));
      standardHead = concat(ascii(",\"ext\":false,\"message\":"), name, ascii(",\"signals\":{"));
      keys = new byte[c.signalCount()][];
      int max = FIXED + standardHead.length;
      for (int i = 0; i < keys.length; i++) {
        keys[i] = concat(EncodedNames.jsonString(c.signal(i).name()), ascii(":"));
        max += 1 + keys[i].length + ByteOutput.MAX_NUMBER;
      }
      maxBytes = max;
    }
  }

  private final EncodedNames<Fragments> names = new EncodedNames<>(Fragments::new);
  private String lastBus;
  private byte[] busAndId;

  @Override
  public void write(CanFrame f, DecodeResult r, ByteOutput out) {
    Fragments n = names.get(r.codec());
    byte[] bus = busAndId(f.bus);
    out.ensure(n.maxBytes + bus.length);
    out.put(T);
    out.putTimestamp(f.timestampNs);
    out.put(bus);
    out.putLong(f.id);
    out.put(f.extended ? n.extendedHead : n.standardHead);
    byte[][] keys = n.keys;
    for (int k = 0, count = r.count(); k < count; k++) {
      int i = r.signalIndex(k);
      if (k > 0) {
        out.put((byte) ',');
      }
      out.put(keys[i]);
      putValue(r, i, out);
    }
    out.put(END);
  }

  private static void putValue(DecodeResult r, int i, ByteOutput out) {
    if (r.isInteger(i)) {
      if (r.isUnsignedLong(i)) {
        out.putUnsignedLong(r.longValue(i));
      } else {
        out.putLong(r.longValue(i));
      }
      return;
    }
    double v = r.value(i);
    if (Double.isNaN(v)) {
      out.put(NAN);
    } else if (Double.isInfinite(v)) {
      out.put(v > 0 ? INF : NEG_INF);
    } else {
      out.putDouble(v);
    }
  }

  /** {@code ,"bus":"can0","id":} for the frame's bus (frames mostly repeat the same String). */
  private byte[] busAndId(String bus) {
    if (bus != lastBus || busAndId == null) {
      lastBus = bus;
      busAndId =
          concat(
              ascii(",\"bus\":"),
              EncodedNames.jsonString(bus == null ? "" : bus),
              ascii(",\"id\":"));
    }
    return busAndId;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
