package io.ecugateway.format.asc;

import static io.ecugateway.format.text.Frames.describe;
import static io.ecugateway.format.text.Frames.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.text.Frames;
import io.ecugateway.format.text.RoundTripFrames;
import io.ecugateway.format.text.TextFuzz;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AscFormatTest {
  private final AscFormat format = new AscFormat();

  static final String SAMPLE =
      """
      date Wed Jun 3 04:39:37.123 pm 2020
      base hex  timestamps absolute
      internal events logged
      // version 13.0.0
      Begin Triggerblock Wed Jun 3 04:39:37.123 pm 2020
         0.000000 Start of measurement
         0.015991 1  1F3             Rx   d 3 01 02 03  Length = 0 BitCount = 0 ID = 499
         0.020000 2  18EBFF00x       Tx   d 8 00 01 02 03 04 05 06 07
         1.015991 1  Statistic: D 0 R 0 XD 0 XR 0 E 0 O 0 B 0.00%
         1.100000 1  200             Rx   r 4
         1.200000 1  ErrorFrame
         1.300000 1  1F3             TxRq d 3 01 02 03
         2.000000 CANFD   1 Rx        1A0  Engine_Status              1 0 d 32 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F   130000  130 3000 b1a4 46500250 4b140250 20011736 2001040d
         2.100000 CANFD   2 Tx   18ebff00x                                  0 1 8  8 11 22 33 44 55 66 77 88   130000  130 5000 0 0 0 0 0
         2.200000 CANFD   1 Rx        123                                   0 0 8  8 AA AA AA AA AA AA AA AA   130000  130 0 0 0 0 0 0
         2.300000 CANFD   1 Rx        124                                   0 0 2  0   130000  130 10 0 0 0 0 0
      End TriggerBlock
      """;

  @Test
  void readsClassicFdRemoteErrorLinesWithDateHeader() throws Exception {
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, SAMPLE, warnings);
    assertEquals(List.of(), warnings);
    assertEquals(8, frames.size(), Frames.describe(frames).toString());
    long start = Instant.parse("2020-06-03T16:39:37.123Z").toEpochMilli() * 1_000_000L;
    CanFrame a = frames.get(0);
    assertEquals(start + 15_991_000L, a.timestampNs);
    assertEquals("can1", a.bus);
    assertEquals(0x1F3, a.id);
    assertEquals(3, a.length);
    CanFrame b = frames.get(1);
    assertTrue(b.extended);
    assertEquals(Direction.TX, b.direction);
    assertEquals("can2", b.bus);
    assertEquals(FrameKind.REMOTE, frames.get(2).kind);
    assertEquals(4, frames.get(2).dlc);
    assertEquals(FrameKind.ERROR, frames.get(3).kind);
    CanFrame fd = frames.get(4);
    assertTrue(fd.fd && fd.brs && !fd.esi);
    assertEquals(0x1A0, fd.id);
    assertEquals(13, fd.dlc);
    assertEquals(32, fd.length);
    assertEquals(0x1F, fd.data[31]);
    CanFrame fd2 = frames.get(5);
    assertTrue(fd2.fd && !fd2.brs && fd2.esi && fd2.extended);
    assertEquals(Direction.TX, fd2.direction);
    assertFalse(frames.get(6).fd, "CANFD line without EDL flag is a classic frame");
    assertEquals(FrameKind.REMOTE, frames.get(7).kind);
  }

  /**
   * python-can 4.1 writes a damaged {@code date} line when the microseconds' last digits also occur
   * in the year ({@code str.replace} cuts both: 2026 becomes 2); the frames' times come from the
   * intact Triggerblock date, so that is no reason to warn. Without a Triggerblock it is.
   */
  @Test
  void aDamagedDateLineWarnsOnlyWhenNoTriggerblockGivesTheStart() throws Exception {
    String damaged = "date Mon Dec 07 07:18:26.386 PM 2\nbase hex  timestamps absolute\n";
    String frames = " 0.000000 1  123             Rx   d 1 01\n 1.500000 1  124  Rx   d 1 02\n";
    List<String> warnings = new ArrayList<>();
    List<CanFrame> read =
        read(
            format,
            damaged
                + "Begin Triggerblock Sun Mar 01 08:00:00.25 AM 2020\n"
                + frames
                + "End TriggerBlock\n",
            warnings);
    assertEquals(List.of(), warnings);
    assertEquals(1_583_049_600_250_000_000L, read.get(0).timestampNs);
    assertEquals(1_500_000_000L, read.get(1).timestampNs - read.get(0).timestampNs);

    List<String> noTrigger = new ArrayList<>();
    read(format, damaged + frames, noTrigger);
    assertEquals(1, noTrigger.size(), noTrigger.toString());
    assertTrue(noTrigger.get(0).contains("cannot read the date"), noTrigger.get(0));
  }

  @Test
  void relativeTimestampsAndDecimalBase() throws Exception {
    String text =
        """
        date Mon Sep 16 10:43:39 2019
        base dec  timestamps relative
        Begin Triggerblock Mon Sep 16 10:43:39 2019
           0.500000 1  499             Rx   d 2 1 255
           0.250000 1  100x            Rx   d 1 16
        End TriggerBlock
        """;
    List<CanFrame> frames = read(format, text, null);
    long start = Instant.parse("2019-09-16T10:43:39Z").toEpochMilli() * 1_000_000L;
    assertEquals(start + 500_000_000L, frames.get(0).timestampNs);
    assertEquals(start + 750_000_000L, frames.get(1).timestampNs);
    assertEquals(499, frames.get(0).id);
    assertEquals(255, frames.get(0).data[1] & 0xFF);
    assertEquals(100, frames.get(1).id);
    assertTrue(frames.get(1).extended);
    assertEquals(16, frames.get(1).data[0]);
  }

  @Test
  void roundTripsEveryFrameKind() throws Exception {
    List<CanFrame> frames = RoundTripFrames.all();
    String text = Frames.write(AscWriter::new, frames);
    assertTrue(text.startsWith("date Sat Sep 07 07:43:19.693 am 2024\nbase hex"), text);
    List<String> warnings = new ArrayList<>();
    List<CanFrame> back = read(format, text, warnings);
    assertEquals(List.of(), warnings);
    // ASC error frames carry no ID or data; everything else must come back unchanged
    assertEquals(describe(frames), describe(back));
    assertTrue(format.probe(text.getBytes(), text.length(), "x.log") >= 90);
  }

  @Test
  void malformedFrameLinesAreReportedOthersIgnored() throws Exception {
    String text =
        """
        base hex  timestamps absolute
           0.1 1  1F3   Rx   d 3 01 02
           0.2 1  1F3   Rx   q 3 01 02 03
           0.3 1  1G3   Rx   d 1 01
           0.4 CANFD 1 Rx 123 1 0 9 12 00 11
           0.5 1  1F3   Rx   d 1 0x
           0.6 1  1F3   Rx   d 1 01
           0.7 1  800   Rx   d 1 01
        """;
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, text, warnings);
    assertEquals(1, frames.size());
    assertEquals(5, warnings.size(), warnings.toString());
    assertTrue(warnings.get(4).contains("11-bit ID"), warnings.get(4));
    assertTrue(
        warnings.get(0).startsWith("test.log:2: skipped line: expected 3 data bytes"),
        warnings.get(0));
    assertTrue(warnings.get(1).contains("'d' (data) or 'r' (remote)"), warnings.get(1));
  }

  @Test
  void fuzzedInputNeverCrashesOrHangs() {
    assertTrue(TextFuzz.run(format, SAMPLE, 42L) > 0);
  }

  /**
   * python-can writes the file's creation time into {@code date} and the first message's time into
   * {@code Begin Triggerblock}; the offsets count from the latter.
   */
  @Test
  void startIsTheTriggerblockDateNotTheFileDate() throws Exception {
    String text =
        """
        date Mon Dec 07 02:33:26.792 pm 2026
        base hex  timestamps absolute
        internal events logged
        Begin Triggerblock Sun Mar 01 08:00:00.250 am 2020
           0.000000 Start of measurement
           1.500000 1  123             Rx   d 1 01
        End TriggerBlock
        """;
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, text, warnings);
    assertEquals(List.of(), warnings);
    long start = Instant.parse("2020-03-01T08:00:00.250Z").toEpochMilli() * 1_000_000L;
    assertEquals(start + 1_500_000_000L, frames.get(0).timestampNs);
  }

  @Test
  void fileDateIsTheStartWithoutATriggerblockDate() throws Exception {
    String text =
        """
        date Sun Mar 01 08:00:00.250 am 2020
        base hex  timestamps absolute
        Begin Triggerblock
           1.500000 1  123             Rx   d 1 01
        End TriggerBlock
        """;
    long start = Instant.parse("2020-03-01T08:00:00.250Z").toEpochMilli() * 1_000_000L;
    assertEquals(start + 1_500_000_000L, read(format, text, null).get(0).timestampNs);
  }
}
