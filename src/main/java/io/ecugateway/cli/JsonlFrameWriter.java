package io.ecugateway.cli;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.text.TextOut;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON object per frame, formatted straight into bytes:
 *
 * <pre>
 * {"t":1725694999.693250000,"ts_ns":1725694999693250000,"bus":"can1","id":2024,"id_hex":"7E8",
 *  "ext":false,"fd":false,"brs":false,"esi":false,"kind":"data","dir":"rx","dlc":8,"len":8,
 *  "data":"0441A2B3C4D5E6F7"}
 * </pre>
 */
final class JsonlFrameWriter implements FrameWriter {
  private static final String[] KINDS = {"data", "remote", "error", "lin"};

  private final TextOut out;

  JsonlFrameWriter(OutputStream out) {
    this.out = new TextOut(out);
  }

  @Override
  public void write(CanFrame f) throws IOException {
    out.ascii("{\"t\":").seconds(f.timestampNs, 9);
    out.ascii(",\"ts_ns\":").dec(f.timestampNs);
    out.ascii(",\"bus\":");
    string(f.bus == null ? "" : f.bus);
    out.ascii(",\"id\":").dec(f.id & 0xFFFFFFFFL);
    out.ascii(",\"id_hex\":\"").hex(f.id & 0xFFFFFFFFL).ch('"');
    bool(",\"ext\":", f.extended);
    bool(",\"fd\":", f.fd);
    bool(",\"brs\":", f.brs);
    bool(",\"esi\":", f.esi);
    out.ascii(",\"kind\":\"").ascii(KINDS[kindIndex(f.kind)]).ch('"');
    out.ascii(f.direction == Direction.TX ? ",\"dir\":\"tx\"" : ",\"dir\":\"rx\"");
    out.ascii(",\"dlc\":").dec(f.dlc).ascii(",\"len\":").dec(f.length);
    out.ascii(",\"data\":\"").hexBytes(f.data, 0, f.length, (char) 0).ascii("\"}\n");
  }

  private static int kindIndex(FrameKind k) {
    return switch (k) {
      case DATA -> 0;
      case REMOTE -> 1;
      case ERROR -> 2;
      case LIN -> 3;
    };
  }

  private void bool(String key, boolean v) throws IOException {
    out.ascii(key).ascii(v ? "true" : "false");
  }

  /** A JSON string; bus names are ASCII in practice, anything else is escaped. */
  private void string(String s) throws IOException {
    out.ch('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.ch('\\').ch(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.ascii("\\u").hex(c, 4);
      } else {
        out.ch(c);
      }
    }
    out.ch('"');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
