package io.ecugateway.format.candump;

import static io.ecugateway.format.text.Frames.describe;
import static io.ecugateway.format.text.Frames.error;
import static io.ecugateway.format.text.Frames.fd;
import static io.ecugateway.format.text.Frames.frame;
import static io.ecugateway.format.text.Frames.read;
import static io.ecugateway.format.text.Frames.remote;
import static io.ecugateway.format.text.Frames.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.text.Frames;
import io.ecugateway.format.text.TextFuzz;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandumpFormatTest {
  private final CandumpFormat format = new CandumpFormat();

  @Test
  void readsLogFormatLines() throws Exception {
    List<CanFrame> frames =
        read(
            format,
            """
            (1600000000.123456) can0 1F0#0011223344556677
            (1600000000.200000) can1 18DAF110#0102 T
            (1600000001.000001) vcan0 123#R
            (1600000001.5) can0 7DF#R3
            (1600000002.000000) can0 20000080#0000000000000000
            (1600000003.000000) can0 123##3001122334455667788990011
            (1600000004.000000) can0 0C8#11.22.33
            (1600000005.000000) can0 0C8#1122334455667788_C R
            """,
            null);
    assertEquals(8, frames.size());
    CanFrame a = frames.get(0);
    assertEquals(1_600_000_000_123_456_000L, a.timestampNs);
    assertEquals("can0", a.bus);
    assertEquals(0x1F0, a.id);
    assertEquals(8, a.length);
    assertEquals(0x77, a.data[7] & 0xFF);
    CanFrame b = frames.get(1);
    assertTrue(b.extended);
    assertEquals(0x18DAF110, b.id);
    assertEquals(Direction.TX, b.direction);
    assertEquals(FrameKind.REMOTE, frames.get(2).kind);
    assertEquals(0, frames.get(2).dlc);
    assertEquals(3, frames.get(3).dlc);
    assertEquals(1_600_000_001_500_000_000L, frames.get(3).timestampNs);
    CanFrame err = frames.get(4);
    assertEquals(FrameKind.ERROR, err.kind);
    assertEquals(0x80, err.id);
    CanFrame f = frames.get(5);
    assertTrue(f.fd && f.brs && f.esi);
    assertEquals(12, f.length);
    assertEquals(9, f.dlc);
    assertEquals(3, frames.get(6).length);
    assertEquals(12, frames.get(7).dlc);
    assertEquals(8, frames.get(7).length);
  }

  @Test
  void readsScreenFormats() throws Exception {
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames =
        read(
            format,
            """
              can0  1F0   [8]  00 11 22 33 44 55 66 77
              can0  12345678   [2]  AA BB
              can0  123   [3]  remote request
              can0  20000004   [8]  00 04 00 00 00 00 00 00   ERRORFRAME
              can1  123  [12]  00 11 22 33 44 55 66 77 88 99 AA BB
            """,
            warnings);
    assertEquals(5, frames.size());
    assertEquals(0, frames.get(0).timestampNs);
    assertEquals(1, warnings.size(), warnings.toString()); // "no timestamps" once
    assertTrue(frames.get(1).extended);
    assertEquals(FrameKind.REMOTE, frames.get(2).kind);
    assertEquals(3, frames.get(2).dlc);
    assertEquals(FrameKind.ERROR, frames.get(3).kind);
    assertEquals(4, frames.get(3).id);
    assertTrue(frames.get(4).fd);
    assertEquals(12, frames.get(4).length);

    List<CanFrame> timed =
        read(
            format,
            """
            (1620658966.148635)  can0  7E8   [3]  01 02 03
            (2021-05-10 15:02:46.148635)  can0  TX B -  3E5  [08]  EE EE EE EE EE EE EE EE
            """,
            null);
    assertEquals(1_620_658_966_148_635_000L, timed.get(0).timestampNs);
    CanFrame x = timed.get(1);
    assertEquals(1_620_658_966_148_635_000L, x.timestampNs); // 2021-05-10T15:02:46.148635Z
    assertEquals(Direction.TX, x.direction);
    assertTrue(x.fd && x.brs && !x.esi);
    assertEquals(8, x.length);
  }

  @Test
  void roundTripsEveryFrameKind() throws Exception {
    List<CanFrame> frames =
        List.of(
            frame(1_600_000_000_123_456_000L, "can0", 0x1F0, false, "0011223344556677"),
            tx(frame(1_600_000_000_200_000_000L, "can1", 0x18DAF110, true, "0102")),
            frame(1_600_000_000_300_000_000L, "can1", 0x7FF, false, ""),
            remote(frame(1_600_000_001_000_000_000L, "vcan0", 0x123, false, ""), 4),
            remote(frame(1_600_000_001_100_000_000L, "vcan0", 0x1234567, true, ""), 0),
            error(frame(1_600_000_002_000_000_000L, "can0", 0x80, false, "0000000000000000")),
            fd(
                frame(1_600_000_003_000_000_000L, "can0", 0x123, false, "00".repeat(64)),
                true,
                false),
            fd(
                frame(1_600_000_003_000_001_000L, "can0", 0x1ABCDEF0, true, "A5".repeat(12)),
                false,
                true),
            fd(frame(1_600_000_003_000_002_000L, "can2", 0x7E8, false, "0441"), false, false));
    String text = Frames.write(CandumpWriter::new, frames);
    assertTrue(text.startsWith("(1600000000.123456) can0 1F0#0011223344556677\n"), text);
    assertTrue(text.contains("(1600000003.000000) can0 123##1" + "00".repeat(64) + "\n"), text);
    assertTrue(text.contains("can0 20000080#0000000000000000\n"), text);
    assertTrue(text.contains("can1 18DAF110#0102 T\n"), text);
    List<String> warnings = new ArrayList<>();
    assertEquals(describe(frames), describe(read(format, text, warnings)));
    assertEquals(List.of(), warnings);
  }

  @Test
  void skipsMalformedLinesNamingLineAndExpectation() throws Exception {
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames =
        read(
            format,
            """
            (1600000000.000000) can0 123#0011
            (1600000000.100000) can0 12G#0011
            (1600000000.200000) can0 123#00112233445566778899
            (1600000000.300000 can0 123#00
            (1600000000.400000) can0 123#001
            (1600000000.500000) can0 123#00%
            (1600000000.600000) can0 800#00

            (1600000001.000000) can0 456#FF
            """,
            warnings);
    assertEquals(2, frames.size());
    assertEquals(6, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("test.log:2: skipped line: expected"), warnings.get(0));
    assertTrue(warnings.get(1).contains("at most 8 data bytes"), warnings.get(1));
    assertTrue(warnings.get(2).contains("')'"), warnings.get(2));
    assertTrue(warnings.get(3).contains("two hex digits"), warnings.get(3));
    assertTrue(warnings.get(5).startsWith("test.log:7:"), warnings.get(5));
  }

  @Test
  void probesContentNotExtension() {
    byte[] log = "(1600000000.123456) can0 1F0#0011\n(1600000000.2) can0 1F1#\n".getBytes();
    assertTrue(format.probe(log, log.length, "trace.asc") >= 80);
    byte[] screen = "  can0  1F0   [2]  00 11\n".getBytes();
    assertTrue(format.probe(screen, screen.length, null) >= 60);
    byte[] other = "date Wed Jun 3 04:39:37.123 pm 2020\nbase hex timestamps absolute\n".getBytes();
    assertEquals(0, format.probe(other, other.length, "x.log"));
  }

  @Test
  void fuzzedInputNeverCrashesOrHangs() {
    String seed =
        """
        (1600000000.123456) can0 1F0#0011223344556677
        (1600000000.200000) can1 18DAF110#0102 T
        (1600000001.000001) vcan0 123#R3
        (1600000002.000000) can0 20000080#0000000000000000
        (1600000003.000000) can0 123##3001122334455667788990011
          can0  12345678   [2]  AA BB
        (2021-05-10 15:02:46.148635)  can0  TX B -  3E5  [08]  EE EE EE EE EE EE EE EE
        """;
    assertTrue(TextFuzz.run(format, seed, 20260522L) > 0);
  }
}
