package io.ecugateway.format.csv;

import static io.ecugateway.format.text.Frames.describe;
import static io.ecugateway.format.text.Frames.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.Frames;
import io.ecugateway.format.text.RoundTripFrames;
import io.ecugateway.format.text.TextFuzz;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
  private final CsvFormat format = new CsvFormat();

  @Test
  void readsCssExpectedOutputs() throws IOException {
    Path dir = SharedData.require("canedge/expected/mdf4-converters-csv");
    List<Path> csvs;
    try (Stream<Path> s = Files.list(dir)) {
      csvs = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertEquals(8, csvs.size());
    for (Path p : csvs) {
      List<String> warnings = new ArrayList<>();
      try (FrameReader r =
          FormatRegistry.open(p, ReadOptions.defaults().withWarnings(warnings::add))) {
        assertEquals("csv", r.metadata().get("format"));
        CanFrame f = new CanFrame();
        assertTrue(r.next(f), p.toString());
        assertEquals("can1", f.bus);
        assertEquals(0x123, f.id);
        assertEquals(4, f.length);
        assertEquals(0x12345678, java.nio.ByteBuffer.wrap(f.data, 0, 4).getInt());
        assertEquals(Direction.RX, f.direction);
        // e.g. 1581582625.052750 in single_can_bus_1_CAN_compressed.csv
        String line = Files.readAllLines(p).get(1);
        String ts = line.substring(0, line.indexOf(';')).replace(".", "");
        assertEquals(Long.parseLong(ts) * 1000, f.timestampNs);
        assertTrue(!r.next(f));
      }
      assertEquals(List.of(), warnings);
    }
  }

  @Test
  void roundTripsWithEsiRtrColumns() throws Exception {
    List<CanFrame> frames = RoundTripFrames.all();
    List<CanFrame> expected = frames.stream().filter(f -> f.kind != FrameKind.ERROR).toList();
    String text =
        Frames.write(
            o -> {
              try {
                return new CsvWriter(o, true);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            frames);
    assertTrue(text.startsWith(String.join(";", CsvReader.EXTENDED) + "\n"), text);
    List<String> warnings = new ArrayList<>();
    assertEquals(describe(expected), describe(read(format, text, warnings)));
    assertEquals(List.of(), warnings);
  }

  @Test
  void roundTripsClassicLayoutDataFrames() throws Exception {
    List<CanFrame> frames =
        RoundTripFrames.all().stream().filter(f -> f.kind == FrameKind.DATA && !f.esi).toList();
    String text =
        Frames.write(
            o -> {
              try {
                return new CsvWriter(o);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            frames);
    assertTrue(
        text.startsWith("TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;DataBytes\n"));
    assertTrue(text.contains("\n1725694999.693250;1;7E8;0;8;8;0;0;0;0441A2B3C4D5E6F7\n"), text);
    assertEquals(describe(frames), describe(read(format, text, null)));
  }

  @Test
  void malformedLinesNameLineAndExpectation() throws Exception {
    String text =
        """
        TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;DataBytes
        1581582625.052750;1;123;0;4;4;0;0;0;12345678
        1581582625.052750;1;123;0;4;5;0;0;0;12345678
        1581582625.052750;1;123;2;4;4;0;0;0;12345678
        1581582625.052750;1;123;0;4;4;0;0;0
        1581582625.052750;1;123;0;9;9;0;0;0;112233445566778899
        """;
    List<String> warnings = new ArrayList<>();
    assertEquals(1, read(format, text, warnings).size());
    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).startsWith("test.log:3: skipped line: expected DataLength 5"),
        warnings.get(0));
    assertTrue(warnings.get(1).contains("IDE 0 or 1"), warnings.get(1));
    assertTrue(warnings.get(3).contains("classic CAN"), warnings.get(3));
  }

  @Test
  void fuzzedInputNeverCrashesOrHangs() {
    String seed =
        """
        TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;ESI;RTR;DataBytes
        1670926807.419500;1;000;0;1;1;0;0;0;0;0;AA
        1670926807.419900;1;00000000;1;9;12;0;1;1;0;0;AAAAAAAAAAAAAAAAAAAAAAAA
        1670926807.420100;2;7FF;0;4;0;1;0;0;0;1;
        """;
    assertTrue(TextFuzz.run(format, seed, 99L) > 0);
  }

  /** python-can's layout, by hand: the header is detected; remote, error, FD and bad lines. */
  @Test
  void pythonCanLayoutByItsHeader() throws IOException {
    String text =
        "timestamp,arbitration_id,extended,remote,error,dlc,data\n"
            + "1583049600.25,0x328,0,0,0,1,XQ==\n"
            + "5e-05,0x18fee300,1,1,0,3,\n"
            + "1583049600.5,0x7ff,0,0,1,2,IQ8=\n"
            + "1583049601,0x1,0,0,0,12,AAECAwQFBgcICQoL\n"
            + "1583049602,0x1,0,0,0,2,I*8=\n";
    byte[] head = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(97, format.probe(head, head.length, "x.log"));
    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = read(format, text, warnings);
    assertEquals(4, frames.size());
    assertEquals(1_583_049_600_250_000_000L, frames.get(0).timestampNs);
    assertEquals(0x5D, frames.get(0).data[0] & 0xFF);
    assertEquals(50_000, frames.get(1).timestampNs);
    assertEquals(FrameKind.REMOTE, frames.get(1).kind);
    assertTrue(frames.get(1).extended);
    assertEquals(3, frames.get(1).dlc);
    assertEquals(FrameKind.ERROR, frames.get(2).kind);
    assertEquals(2, frames.get(2).length);
    CanFrame fd = frames.get(3);
    assertTrue(fd.fd);
    assertEquals(12, fd.length);
    assertEquals(9, fd.dlc);
    assertEquals(11, fd.data[11]);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(":6: "), warnings.get(0));
  }
}
