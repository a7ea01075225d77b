package io.ecugateway.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatRegistryTest {
  @TempDir Path dir;

  /** A candump log longer than the probe, so the reader must get the probed bytes back. */
  private static String longCandump(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append("(1600000000.")
          .append(String.format("%06d", i))
          .append(") can0 123#")
          .append(String.format("%04X", i))
          .append('\n');
    }
    return sb.toString();
  }

  private static int count(FrameReader r) throws IOException {
    CanFrame f = new CanFrame();
    int n = 0;
    int expectedData = 0;
    while (r.next(f)) {
      assertEquals(expectedData++, ((f.data[0] & 0xFF) << 8) | (f.data[1] & 0xFF));
      n++;
    }
    return n;
  }

  @Test
  void detectsByContentDespiteMisleadingExtension() throws IOException {
    Path p = dir.resolve("trace.mf4");
    Files.writeString(p, longCandump(500));
    try (FrameReader r = FormatRegistry.open(p, ReadOptions.defaults())) {
      assertEquals("candump", r.metadata().get(LogMetadata.FORMAT));
      assertEquals(500, count(r));
    }
  }

  @Test
  void streamSourceKeepsTheProbedBytes() throws IOException {
    byte[] content = longCandump(1000).getBytes(StandardCharsets.US_ASCII);
    assertTrue(content.length > FormatRegistry.PROBE_BYTES);
    LogSource s = LogSource.of("upload", new ByteArrayInputStream(content));
    try (FrameReader r = FormatRegistry.open(s, ReadOptions.defaults())) {
      assertEquals(1000, count(r));
    }
  }

  @Test
  void explicitFormatByName() throws IOException {
    Path p = dir.resolve("x.txt");
    Files.writeString(p, longCandump(3));
    try (FrameReader r = FormatRegistry.open(LogSource.of(p), "CANDUMP", ReadOptions.defaults())) {
      assertEquals(3, count(r));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FormatRegistry.open(LogSource.of(p), "pcap", ReadOptions.defaults()));
    assertTrue(e.getMessage().contains("candump"), e.getMessage());
  }

  @Test
  void unknownContentNamesFileAndExpectation() throws IOException {
    Path p = dir.resolve("mystery.log");
    Files.write(p, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
    FormatException e =
        assertThrows(FormatException.class, () -> FormatRegistry.open(p, ReadOptions.defaults()));
    assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("expected a log in one of the formats"), e.getMessage());
    assertTrue(e.getMessage().contains("7F 45 4C 46"), e.getMessage());

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "Dear diary,\ntoday the bus was quiet.\n");
    e =
        assertThrows(
            FormatException.class, () -> FormatRegistry.open(text, ReadOptions.defaults()));
    assertTrue(e.getMessage().contains("\"Dear diary,\""), e.getMessage());

    Path empty = dir.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    e =
        assertThrows(
            FormatException.class, () -> FormatRegistry.open(empty, ReadOptions.defaults()));
    assertTrue(e.getMessage().contains("empty input"), e.getMessage());
  }

  /** The service file lists every format; {@code order()} keeps the detection order. */
  @Test
  void everyFormatIsFoundInDetectionOrder() {
    assertEquals(
        java.util.List.of("mf4", "mfc", "mfe", "mfm", "blf", "candump", "asc", "trc", "csv"),
        FormatRegistry.formats().stream().map(FrameFormat::name).toList());
    assertEquals("mf4, mfc, mfe, mfm, blf, candump, asc, trc, csv", FormatRegistry.names());
  }

  @Test
  void formatsAreSortedByOrderAndTwoOfOneNameOrOrderAreRefused() {
    RandomAccessFormat first = new RandomAccessFormat();
    FrameFormat second = FormatRegistry.byName("csv");
    assertEquals(
        java.util.List.of(first, second), FormatRegistry.sorted(java.util.List.of(second, first)));
    IllegalStateException sameName =
        assertThrows(
            IllegalStateException.class,
            () -> FormatRegistry.sorted(java.util.List.of(first, new RandomAccessFormat())));
    assertTrue(sameName.getMessage().contains("'ra'"), sameName.getMessage());
    FrameFormat sameOrder =
        new RandomAccessFormat() {
          @Override
          public String name() {
            return "other";
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FormatRegistry.sorted(java.util.List.of(first, sameOrder)));
    assertTrue(e.getMessage().contains("order 0"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> FormatRegistry.sorted(java.util.List.of()));
  }

  /** A random-access format: records what path it was given and reads one byte per frame. */
  private static class RandomAccessFormat implements FrameFormat {
    final AtomicReference<Path> opened = new AtomicReference<>();

    @Override
    public String name() {
      return "ra";
    }

    @Override
    public int order() {
      return 0;
    }

    @Override
    public int probe(byte[] head, int length, String fileName) {
      return 100;
    }

    @Override
    public boolean needsRandomAccess() {
      return true;
    }

    @Override
    public FrameReader open(LogSource source, ReadOptions options) throws IOException {
      Path p = source.path();
      opened.set(p);
      byte[] all = Files.readAllBytes(p);
      assertEquals("stdin", source.name());
      return new FrameReader() {
        int i;

        @Override
        public boolean next(CanFrame frame) {
          if (i >= all.length) {
            return false;
          }
          frame.data[0] = all[i++];
          frame.length = 1;
          return true;
        }

        @Override
        public LogMetadata metadata() {
          return new LogMetadata();
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void randomAccessFormatsGetStreamsSpooledToTempDirAndCleanedUp() throws IOException {
    byte[] content = new byte[10_000];
    Arrays.fill(content, (byte) 7);
    content[9_999] = 9;
    RandomAccessFormat ra = new RandomAccessFormat();
    Path tmp = dir.resolve("spool");
    ReadOptions options = new ReadOptions(java.util.Map.of(), w -> {}, tmp);
    InputStream in = new ByteArrayInputStream(content);
    try (FrameReader r = FormatRegistry.open(LogSource.of("stdin", in), ra, options)) {
      assertTrue(ra.opened.get().startsWith(tmp));
      assertTrue(Files.exists(ra.opened.get()));
      CanFrame f = new CanFrame();
      int n = 0;
      while (r.next(f)) {
        n++;
      }
      assertEquals(10_000, n);
      assertEquals(9, f.data[0]);
    }
    assertFalse(Files.exists(ra.opened.get()));
  }

  @Test
  void eachTextFormatIsDetectedByContentWhateverItsName() throws IOException {
    java.util.Map<String, String> samples =
        java.util.Map.of(
            "candump", "(1600000000.000001) can0 123#00\n",
            "asc",
                "date Wed Jun 3 04:39:37.123 pm 2020\nbase hex  timestamps absolute\n"
                    + "   0.1 1  123  Rx   d 1 00\n",
            "trc",
                ";$FILEVERSION=2.1\n;$STARTTIME=43486.7212638657\n;$COLUMNS=N,O,T,B,I,d,R,L,D\n"
                    + "      1      1059.900 DT     1      0123 Rx    -  1    00\n",
            "csv",
                "TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;DataBytes\n"
                    + "1600000000.000001;1;123;0;1;1;0;0;0;00\n");
    for (var e : samples.entrySet()) {
      for (String name : new String[] {"log.mf4", "log.asc", "log.trc", "log.csv", "log.log"}) {
        Path p = dir.resolve(e.getKey() + "-" + name);
        Files.writeString(p, e.getValue());
        try (FrameReader r = FormatRegistry.open(p, ReadOptions.defaults())) {
          assertEquals(e.getKey(), r.metadata().get(LogMetadata.FORMAT), p.toString());
          CanFrame f = new CanFrame();
          assertTrue(r.next(f), p.toString());
          assertEquals(0x123, f.id);
          assertFalse(r.next(f));
        }
      }
    }
  }
}
