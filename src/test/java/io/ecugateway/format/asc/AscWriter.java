package io.ecugateway.format.asc;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.text.ChannelNumbers;
import io.ecugateway.format.text.TextOut;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a Vector ASC log ({@code base hex timestamps absolute}) for tests and benchmarks. The
 * {@code date} header is the first frame's time cut to the millisecond; frame times are microsecond
 * offsets from it. The channel is the number at the end of the bus name ({@code can2} → 2; 1 if
 * there is none); classic frames get classic lines, CAN FD frames {@code CANFD} lines with
 * EDL/BRS/ESI flags.
 */
public final class AscWriter implements FrameWriter {
  private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final TextOut out;
  private boolean headerWritten;
  private long startNs;

  public AscWriter(OutputStream out) {
    this.out = new TextOut(out);
  }

  private void header(long firstNs) throws IOException {
    startNs = truncateToMillis(firstNs);
    out.ascii("date ");
    writeDate(out, startNs);
    out.ascii("\nbase hex  timestamps absolute\nno internal events logged\n");
    out.ascii("// written by ecu-gateway\nBegin Triggerblock ");
    writeDate(out, startNs);
    out.ascii("\n   0.000000 Start of measurement\n");
    headerWritten = true;
  }

  @Override
  public void write(CanFrame f) throws IOException {
    if (!headerWritten) {
      header(f.timestampNs);
    }
    out.ch(' ').ch(' ').seconds(f.timestampNs - startNs, 6).ch(' ');
    int channel = ChannelNumbers.of(f.bus, 1);
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

  /** Writes {@code Sun Sep 07 07:43:19.693 am 2024} (milliseconds, truncated). */
  private static void writeDate(TextOut out, long epochNs) throws IOException {
    long epochDay = Math.floorDiv(epochNs, 86_400_000_000_000L);
    long nsOfDay = Math.floorMod(epochNs, 86_400_000_000_000L);
    long[] ymd = civil(epochDay);
    int hour = (int) (nsOfDay / 3_600_000_000_000L);
    int minute = (int) (nsOfDay / 60_000_000_000L % 60);
    int second = (int) (nsOfDay / 1_000_000_000L % 60);
    int milli = (int) (nsOfDay / 1_000_000L % 1000);
    int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    out.ascii(DAYS[(int) Math.floorMod(epochDay, 7L)]).ch(' ');
    out.ascii(MONTH_NAMES[(int) ymd[1] - 1]).ch(' ').dec(ymd[2], 2, '0').ch(' ');
    out.dec(hour12, 2, '0').ch(':').dec(minute, 2, '0').ch(':').dec(second, 2, '0');
    out.ch('.').dec(milli, 3, '0').ch(' ').ascii(hour < 12 ? "am" : "pm").ch(' ').dec(ymd[0]);
  }

  /** Year, month, day of an epoch day (inverse of {@code CivilTime.epochDay}). */
  private static long[] civil(long epochDay) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return new long[] {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
  }

  /** Start of the millisecond containing {@code ns}: what the date line can represent. */
  private static long truncateToMillis(long ns) {
    return Math.floorDiv(ns, 1_000_000L) * 1_000_000L;
  }
}
