package io.ecugateway.format.csv;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.text.ChannelNumbers;
import io.ecugateway.format.text.TextOut;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes mdf2csv's CSV for tests and benchmarks: the classic 10-column layout, or with {@code
 * withEsiRtr} the newer one that adds ESI and RTR (the only one that can hold remote frames).
 * Timestamps in µs; IDs as 3 (11-bit) or 8 (29-bit) hex digits; BusChannel is the number at the end
 * of the bus name. mdf2csv puts error frames (and, in the classic layout, remote frames) in
 * separate files, so this writer leaves them out and counts them.
 */
public final class CsvWriter implements FrameWriter {
  private final TextOut out;
  private final boolean withEsiRtr;
  private long leftOut;

  public CsvWriter(OutputStream out, boolean withEsiRtr) throws IOException {
    this.out = new TextOut(out);
    this.withEsiRtr = withEsiRtr;
    this.out.ascii(String.join(";", withEsiRtr ? CsvReader.EXTENDED : CsvReader.CLASSIC)).ch('\n');
  }

  public CsvWriter(OutputStream out) throws IOException {
    this(out, false);
  }

  @Override
  public void write(CanFrame f) throws IOException {
    if (f.kind == FrameKind.ERROR || (f.kind == FrameKind.REMOTE && !withEsiRtr)) {
      leftOut++;
      return;
    }
    boolean remote = f.kind == FrameKind.REMOTE;
    out.seconds(f.timestampNs, 6).ch(';').dec(ChannelNumbers.of(f.bus, 1)).ch(';');
    out.hex(f.id, f.extended ? 8 : 3).ch(';').ch(f.extended ? '1' : '0').ch(';');
    out.dec(f.dlc).ch(';').dec(remote ? 0 : f.length).ch(';');
    out.ch(f.direction == Direction.TX ? '1' : '0').ch(';');
    out.ch(f.fd ? '1' : '0').ch(';').ch(f.brs ? '1' : '0').ch(';');
    if (withEsiRtr) {
      out.ch(f.esi ? '1' : '0').ch(';').ch(remote ? '1' : '0').ch(';');
    }
    if (!remote) {
      out.hexBytes(f.data, 0, f.length, (char) 0);
    }
    out.ch('\n');
  }

  /** Frames this layout cannot hold (error frames; remote frames without ESI/RTR columns). */
  public long leftOut() {
    return leftOut;
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
