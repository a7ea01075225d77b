package io.ecugateway.format.asc;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.TextOut;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a Vector ASC log ({@code base hex timestamps absolute}). The {@code date} header is the
 * first frame's time cut to the millisecond; frame times are microsecond offsets from it. The
 * channel is the number at the end of the bus name ({@code can2} → 2; 1 if there is none); classic
 * frames get classic lines, CAN FD frames {@code CANFD} lines with EDL/BRS/ESI flags.
 */
public final class AscWriter implements FrameWriter {
  private final TextOut out;
  private boolean headerWritten;
  private long startNs;

  public AscWriter(OutputStream out) {
    this.out = new TextOut(out);
  }

  private void header(long firstNs) throws IOException {
    startNs = AscDate.truncateToMillis(firstNs);
    out.ascii("date ");
    AscDate.write(out, startNs);
    out.ascii("\nbase hex  timestamps absolute\nno internal events logged\n");
    out.ascii("// written by ecu-gateway\nBegin Triggerblock ");
    AscDate.write(out, startNs);
    out.ascii("\n   0.000000 Start of measurement\n");
    headerWritten = true;
  }

  @Override
  public void write(CanFrame f) throws IOException {
    if (!headerWritten) {
      header(f.timestampNs);
    }
    out.ch(' ').ch(' ').seconds(f.timestampNs - startNs, 6).ch(' ');
    int channel = BusNames.channelNumber(f.bus, 1);
    String dir = f.direction == Direction.TX ? "Tx" : "Rx";
    if (f.fd && f.kind != FrameKind.ERROR) {
      out.ascii("CANFD ").dec(channel, 3, ' ').ch(' ').ascii(dir).ch(' ');
      id(f);
      out.ch(' ').ch(f.brs ? '1' : '0').ch(' ').ch(f.esi ? '1' : '0').ch(' ');
      out.hex(f.dlc & 0xF, 1).ch(' ').dec(f.length, 2, ' ');
      data(f);
      int flags = AscReader.FLAG_EDL | (f.brs ? 0x2000 : 0) | (f.esi ? 0x4000 : 0);
      out.ascii(" 0 0 ").hex(flags).ascii(" 0 0 0 0 0\n");
      return;
    }
    out.dec(channel).ch(' ').ch(' ');
    if (f.kind == FrameKind.ERROR) {
      out.ascii("ErrorFrame\n");
      return;
    }
    id(f);
    out.ch(' ').ascii(dir).ch(' ').ch(' ');
    if (f.kind == FrameKind.REMOTE) {
      out.ch('r').ch(' ').hex(f.dlc & 0xF, 1).ch('\n');
      return;
    }
    out.ch('d').ch(' ').hex(f.dlc & 0xF, 1);
    data(f);
    out.ch('\n');
  }

  private void id(CanFrame f) throws IOException {
    out.hex(f.id);
    if (f.extended) {
      out.ch('x');
    }
  }

  private void data(CanFrame f) throws IOException {
    for (int i = 0; i < f.length; i++) {
      out.ch(' ').hexBytes(f.data, i, 1, (char) 0);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!headerWritten) {
      header(0);
    }
    out.ascii("End TriggerBlock\n");
    out.close();
  }
}
