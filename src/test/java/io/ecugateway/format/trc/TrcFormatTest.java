package io.ecugateway.format.trc;

import static io.ecugateway.format.text.Frames.describe;
import static io.ecugateway.format.text.Frames.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.text.Frames;
import io.ecugateway.format.text.RoundTripFrames;
import io.ecugateway.format.text.TextFuzz;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrcFormatTest {
  private final TrcFormat format = new TrcFormat();

  /** 2021-12-19T14:28:07.062Z as an OLE date is 44549.6028595139 (to 10 decimals). */
  static final String V11 =
      """
      ;$FILEVERSION=1.1
      ;$STARTTIME=44549.6028595139
      ;
      ;   Start time: 12/19/2021 14:28:07.062.0
      ;-------------------------------------------------------------------------------
      ;   Message Number
      ;   |         Time Offset (ms)
      ;   |         |        Type
      ;   |         |        |        ID (hex)
      ;   |         |        |        |     Data Length
      ;   |         |        |        |     |   Data Bytes (hex) ...
      ;---+--   ----+----  --+--  ----+---  +  -+ -- -- -- -- -- -- --
           1)        17.3  Rx         0001  8  00 00 00 00 00 00 00 00
           2)      1173.5  Tx     18EFC8E1  3  11 22 33
           3)      2000.0  Rx         0100  4  RTR
           4)      2100.0  Warng  FFFFFFFF  4  00 00 00 08  BUSHEAVY
           5)      2200.0  Error      0004  4  00 00 08 00
      """;

  static final String V21 =
      """
      ;$FILEVERSION=2.1
      ;$STARTTIME=43486.7212638657
      ;$COLUMNS=N,O,T,B,I,d,R,L,D
      ;
      ;   Message   Time    Type ID     Rx/Tx
      ;   Number    Offset  |    Bus    [hex]  |  Reserved
      ;---+-- ------+------ +- --+-- ---+---- ---+- +- -+-- -+ -- -- -- -- -- -- --
            1      1059.900 DT     1      0300 Rx    -  8    00 00 00 00 04 00 00 00
            2      1283.231 FB     2  18EFC8E1 Tx    -  9    01 02 03 04 05 06 07 08 09 0A 0B 0C
            3      1500.000 RR     1      0123 Rx    -  4
            4      1600.000 ER     1         - Rx    -  5    04 00 00 08 00
            5      1700.000 ST     1         - Rx    -  4    00 00 00 08
            6      1800.001 BI     1      0124 Rx    -  8    01 02 03 04 05 06 07 08
      """;

  @Test
  void readsVersion11() throws Exception {
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, V11, warnings);
    assertEquals(List.of(), warnings);
    assertEquals(4, frames.size(), describe(frames).toString());
    long start = TrcTime.toEpochNs(44549L * TrcTime.NS_PER_DAY + 6028595139L * TrcTime.STEP_NS);
    assertEquals(start + 17_300_000L, frames.get(0).timestampNs);
    assertEquals("can1", frames.get(0).bus);
    CanFrame b = frames.get(1);
    assertTrue(b.extended);
    assertEquals(0x18EFC8E1, b.id);
    assertEquals(Direction.TX, b.direction);
    assertEquals(3, b.length);
    assertEquals(FrameKind.REMOTE, frames.get(2).kind);
    assertEquals(4, frames.get(2).dlc);
    assertEquals(FrameKind.ERROR, frames.get(3).kind);
    // 2021-12-19T14:28:07.062Z within the 10th-decimal step of the header
    assertTrue(
        Math.abs(start - 1_639_924_087_062_000_000L) < TrcTime.STEP_NS, Long.toString(start));
  }

  @Test
  void readsVersion21() throws Exception {
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, V21, warnings);
    assertEquals(List.of(), warnings);
    assertEquals(5, frames.size(), describe(frames).toString());
    CanFrame fd = frames.get(1);
    assertTrue(fd.fd && fd.brs && !fd.esi && fd.extended);
    assertEquals("can2", fd.bus);
    assertEquals(9, fd.dlc);
    assertEquals(12, fd.length);
    assertEquals(FrameKind.REMOTE, frames.get(2).kind);
    assertEquals(FrameKind.ERROR, frames.get(3).kind);
    assertEquals(5, frames.get(3).length);
    assertTrue(frames.get(4).brs && frames.get(4).esi);
    assertEquals(frames.get(0).timestampNs + 740_101_000L, frames.get(4).timestampNs);
  }

  @Test
  void roundTripsVersion21WithEveryFrameKind() throws Exception {
    List<CanFrame> frames = RoundTripFrames.all();
    String text = Frames.write(TrcWriter::new, frames);
    List<String> warnings = new ArrayList<>();
    List<CanFrame> back = read(format, text, warnings);
    assertEquals(List.of(), warnings);
    assertEquals(describe(frames), describe(back));
    assertTrue(format.probe(text.getBytes(), text.length(), "x.csv") >= 90);
  }

  @Test
  void roundTripsVersion11ClassicFrames() throws Exception {
    long t = 1_725_694_999_693_200_000L;
    List<CanFrame> frames =
        List.of(
            Frames.frame(t, "can1", 0x7E8, false, "0441A2B3C4D5E6F7"),
            Frames.tx(Frames.frame(t + 100_000, "can1", 0x18DAF110, true, "0102")),
            Frames.remote(Frames.frame(t + 200_000, "can1", 0x123, false, ""), 4),
            Frames.error(Frames.frame(t + 300_000, "can1", 0x4, false, "00000800")),
            Frames.frame(t + 86_400_000_000_000L, "can1", 0x55, false, ""));
    String text = Frames.write(o -> new TrcWriter(o, TrcWriter.Version.V1_1), frames);
    assertTrue(text.startsWith(";$FILEVERSION=1.1\n"), text);
    List<String> warnings = new ArrayList<>();
    assertEquals(describe(frames), describe(read(format, text, warnings)));
    assertEquals(List.of(), warnings);

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Frames.write(o -> new TrcWriter(o, TrcWriter.Version.V1_1), RoundTripFrames.all()));
    assertTrue(e.getMessage().contains("CAN FD"), e.getMessage());
  }

  @Test
  void malformedLinesAreReportedWithLineNumbers() throws Exception {
    String text =
        """
        ;$FILEVERSION=2.1
        ;$STARTTIME=43486.7212638657
        ;$COLUMNS=N,O,T,B,I,d,R,L,D
              1      1059.900 DT     1      0300 Rx    -  8    00 00 00 00 04 00 00
              2      1059.900 XX     1      0300 Rx    -  8    00 00 00 00 04 00 00 00
              3      1059.900 DT     1      0300 Up    -  1    00
              4      1059.900 DT     1      0300 Rx    -  1    00
        """;
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, text, warnings);
    assertEquals(1, frames.size());
    assertEquals(3, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).startsWith("test.log:4: skipped line: expected 8 data bytes"),
        warnings.get(0));
    assertTrue(warnings.get(1).contains("message type"), warnings.get(1));
    assertTrue(warnings.get(2).contains("Rx or Tx"), warnings.get(2));
  }

  @Test
  void fuzzedInputNeverCrashesOrHangs() {
    assertTrue(TextFuzz.run(format, V21, 7L) > 0);
    assertTrue(TextFuzz.run(format, V11, 8L) > 0);
  }
}
