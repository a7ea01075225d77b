package io.ecugateway.format.candump;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.text.TextOut;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the {@code candump -l} log format with microsecond timestamps: {@code (1725694999.693250)
 * can1 7E8#0441...}; CAN FD as {@code ID##<flags><data>}, remote requests as {@code ID#R[dlc]},
 * error frames with an 8-digit ID carrying CAN_ERR_FLAG, and a {@code T} suffix (candump -x) for
 * frames the logger transmitted.
 */
public final class CandumpWriter implements FrameWriter {
  private final TextOut out;

  public CandumpWriter(OutputStream out) {
    this.out = new TextOut(out);
  }

  @Override
  public void write(CanFrame f) throws IOException {
    out.ch('(').seconds(f.timestampNs, 6).ch(')').ch(' ');
    out.ascii(f.bus == null ? "can0" : f.bus).ch(' ');
    if (f.kind == FrameKind.ERROR) {
      out.hex(CandumpLine.CAN_ERR_FLAG | (f.id & 0x1FFFFFFF), 8);
    } else if (f.extended) {
      out.hex(f.id & 0x1FFFFFFF, 8);
    } else {
      out.hex(f.id & 0x7FF, 3);
    }
    out.ch('#');
    if (f.kind == FrameKind.REMOTE) {
      out.ch('R');
      if (f.dlc > 0 && f.dlc <= 8) {
        out.hex(f.dlc, 1);
      }
    } else if (f.fd) {
      out.ch('#').hex((f.brs ? CandumpLine.FD_BRS : 0) | (f.esi ? CandumpLine.FD_ESI : 0), 1);
      out.hexBytes(f.data, 0, f.length, (char) 0);
    } else {
      int len = Math.min(f.length, 8);
      out.hexBytes(f.data, 0, len, (char) 0);
      if (len == 8 && f.dlc > 8 && f.dlc <= 15) {
        out.ch('_').hex(f.dlc, 1);
      }
    }
    if (f.direction == Direction.TX) {
      out.ch(' ').ch('T');
    }
    out.ch('\n');
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
