package io.ecugateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real python-can (Debian {@code python3-can}, which {@code .ci/run} installs) as a writer and
 * an oracle: {@code src/test/resources/python-can/write_and_dump.py} writes seeded frames as BLF
 * (zlib and stored) and CSV with python-can's writers and dumps what python-can's readers return,
 * one JSON line per message.
 */
public final class PythonCan {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PythonCan() {}

  /**
   * A python3 that can import python-can (Debian's first: PATH's may be another build), or null.
   */
  public static String python() {
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import can").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException e) {
        // no such interpreter
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /**
   * Runs the writer script: {@code zlib.blf}, {@code stored.blf}, {@code frames.csv} and their
   * {@code .jsonl} dumps in {@code dir}.
   */
  public static void writeAndDump(String python, Path dir, int count, long seed)
      throws IOException, InterruptedException {
    run(python, dir, dir.toString(), "" + count, "" + seed);
  }

  /** Dumps what python-can's BLF reader returns for {@code blf} to {@code <blf>.jsonl}. */
  public static void dump(String python, Path blf) throws IOException, InterruptedException {
    run(python, blf.getParent(), "dump", blf.toString());
  }

  private static void run(String python, Path dir, String... args)
      throws IOException, InterruptedException {
    Path script = dir.resolve("write_and_dump.py");
    if (!Files.exists(script)) {
      try (InputStream in = PythonCan.class.getResourceAsStream("/python-can/write_and_dump.py")) {
        Files.copy(in, script);
      }
    }
    List<String> command = new java.util.ArrayList<>(List.of(python, script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TZ", "UTC"); // BLF holds local wall time; our reader reads UTC
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python-can did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
  }

  /** One message as python-can's reader returned it. */
  public record Message(
      long timeMicros,
      Integer channel,
      int id,
      boolean extended,
      boolean remote,
      boolean error,
      boolean fd,
      boolean brs,
      boolean esi,
      boolean rx,
      int dlc,
      byte[] data) {

    /**
     * As from a CSV: python-can's CSV reader never marks CAN FD, a frame longer than 8 bytes can
     * only be one.
     */
    public Message fdByLength() {
      boolean longer = dlc > 8 || data.length > 8;
      return new Message(
          timeMicros, channel, id, extended, remote, error, longer, brs, esi, rx, dlc, data);
    }

    static Message of(JsonNode n) {
      return new Message(
          n.get("t_us").asLong(),
          n.get("channel").isNull() ? null : n.get("channel").asInt(),
          n.get("id").asInt(),
          n.get("extended").asBoolean(),
          n.get("remote").asBoolean(),
          n.get("error").asBoolean(),
          n.get("fd").asBoolean(),
          n.get("brs").asBoolean(),
          n.get("esi").asBoolean(),
          n.get("rx").asBoolean(),
          n.get("dlc").asInt(),
          HexFormat.of().parseHex(n.get("data").asText()));
    }

    /**
     * Whether {@code f} says the same: time to the µs, bus ({@code can<channel + 1>}, python-can
     * counts from 0), ID, flags, DLC (python-can gives FD frames' DLC as a length) and data (a
     * remote frame's python-can fills with zeros up to its DLC; ours carries none).
     */
    public String differences(CanFrame f, String expectedBus) {
      StringBuilder d = new StringBuilder();
      check(d, "time", timeMicros, Math.round(f.timestampNs / 1000.0));
      check(d, "bus", expectedBus, f.bus);
      check(d, "id", id, f.id);
      check(d, "extended", extended, f.extended);
      check(d, "remote", remote, f.kind == FrameKind.REMOTE);
      check(d, "error", error, f.kind == FrameKind.ERROR);
      check(d, "fd", fd, f.fd);
      check(d, "brs", brs, f.brs);
      check(d, "esi", esi, f.esi);
      check(d, "rx", rx, f.direction == Direction.RX);
      check(d, "dlc", dlc, fd || dlc > 8 ? CanFrame.dlcToLength(f.dlc) : f.dlc);
      byte[] ours = java.util.Arrays.copyOf(f.data, f.length);
      check(
          d,
          "data",
          HexFormat.of().formatHex(remote ? new byte[0] : data),
          HexFormat.of().formatHex(ours));
      return d.toString();
    }

    private static void check(StringBuilder d, String what, Object expected, Object actual) {
      if (!expected.equals(actual)) {
        d.append(what)
            .append(": python-can ")
            .append(expected)
            .append(", ours ")
            .append(actual)
            .append("; ");
      }
    }
  }

  /** Reads a {@code .jsonl} dump, one message per call. */
  public static final class Dump implements AutoCloseable {
    private final BufferedReader in;

    public Dump(Path jsonl) throws IOException {
      in = Files.newBufferedReader(jsonl);
    }

    /** The next message, or null at the end. */
    public Message next() throws IOException {
      String line = in.readLine();
      return line == null ? null : Message.of(JSON.readTree(line));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
