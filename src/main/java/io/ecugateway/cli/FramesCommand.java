package io.ecugateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.candump.CandumpWriter;
import io.ecugateway.frame.CanFrame;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code frames}: any supported log → raw frames as {@code candump -l} lines or JSONL, or a JSON
 * summary with {@code --stats}.
 */
@Command(
    name = "frames",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Read CAN log files and print their frames.",
      "Formats are detected from the content: CANedge MF4/MFC/MFE/MFM, generic MDF4, candump,",
      "Vector ASC, PCAN TRC, mdf2csv CSV (the file name is only a hint).",
      "candump output is the 'candump -l' line format with microsecond timestamps:",
      "  (1725694999.693250) can1 7E8#0441...   CAN FD: ID##<flags><data>, remote: ID#R",
      "With --stats a JSON summary goes to stdout instead of the frames (frames still go to",
      "--out FILE if given). Examples:",
      "  frames 00000001.MF4 > trace.log",
      "  frames --stats --passwords passwords.json LOG/3BA199E2/00000164/*.MFE"
    })
public final class FramesCommand implements Callable<Integer> {

  enum Output {
    candump,
    jsonl
  }

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Log files; - reads stdin.")
  List<String> inputs;

  @Option(
      names = "--output",
      paramLabel = "candump|jsonl",
      defaultValue = "candump",
      description = "Frame output format (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write frames to FILE instead of stdout.")
  Path out;

  @Option(
      names = "--passwords",
      paramLabel = "passwords.json",
      description =
          "Passwords for encrypted .MFE/.MFM logs: {\"default\": \"...\", \"<device ID>\": \"...\"}.")
  Path passwords;

  @Option(
      names = "--stats",
      description = {
        "Print a JSON summary per file and in total: frames, per-bus counts, distinct IDs,",
        "first/last timestamps, file metadata (serial, firmware, session, split, start time)."
      })
  boolean stats;

  @Option(
      names = "--format",
      paramLabel = "NAME",
      description =
          "Read every input as this format instead of detecting it (${COMPLETION-CANDIDATES}).",
      completionCandidates = FormatNames.class)
  String format;

  @Option(
      names = "--progress",
      description = "Report progress on stderr every 2 s (otherwise every 10 s for long inputs).")
  boolean progress;

  private final PrintStream err = System.err;

  @Override
  public Integer call() {
    Map<String, String> pw = Map.of();
    if (passwords != null) {
      try {
        pw = PasswordsFile.load(passwords);
      } catch (IOException e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
    }
    if (format != null) {
      try {
        FormatRegistry.byName(format);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
    }
    boolean writeFrames = !stats || out != null;
    List<Map<String, Object>> fileStats = new ArrayList<>();
    FrameStats total = new FrameStats();
    int failures = 0;
    long started = System.nanoTime();
    try (FrameWriter writer = writeFrames ? openWriter() : null) {
      for (String input : inputs) {
        Map<String, Object> s = readInput(input, pw, writer, total);
        failures += s.containsKey("error") ? 1 : 0;
        fileStats.add(s);
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("error: writing " + (out != null ? out : "stdout") + ": " + e.getMessage());
      return 1;
    }
    if (stats) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("files", fileStats);
      Map<String, Object> t = total.toJson();
      t.put("files", inputs.size());
      t.put("failed", failures);
      summary.put("total", t);
      try {
        System.out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (progress || System.nanoTime() - started > 10_000_000_000L) {
      double seconds = (System.nanoTime() - started) / 1e9;
      err.printf("frames: %d frames in %.1f s%n", total.frames, seconds);
    }
    return failures == 0 ? 0 : 1;
  }

  /** Reads one input, writing and counting its frames; a broken input is reported, not fatal. */
  private Map<String, Object> readInput(
      String input, Map<String, String> pw, FrameWriter writer, FrameStats total)
      throws IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", input);
    long[] warnings = {0};
    ReadOptions options =
        ReadOptions.defaults()
            .withPasswords(pw)
            .withWarnings(
                w -> {
                  warnings[0]++;
                  err.println("warning: " + w);
                });
    LogSource source =
        input.equals("-") ? LogSource.of("<stdin>", System.in) : LogSource.of(Path.of(input));
    FrameStats stats = new FrameStats();
    Progress progressLine = new Progress(input, progress ? 2_000_000_000L : 10_000_000_000L);
    try (FrameReader reader = FormatRegistry.open(source, format, options)) {
      CanFrame frame = new CanFrame();
      while (reader.next(frame)) {
        if (writer != null) {
          writer.write(frame);
        }
        stats.add(frame);
        total.add(frame);
        progressLine.tick(stats.frames);
      }
      Map<String, String> meta = reader.metadata().asMap();
      result.put("format", meta.get(LogMetadata.FORMAT));
      result.put("metadata", meta);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      if (isOutputFailure(e)) {
        throw e;
      }
      err.println("error: " + e.getMessage());
      result.put("error", e.getMessage());
    }
    result.putAll(stats.toJson());
    result.put("warnings", warnings[0]);
    return result;
  }

  /** Output errors carry our marker; reading errors end only the input they came from. */
  private static boolean isOutputFailure(Exception e) {
    return e instanceof OutputFailure;
  }

  private FrameWriter openWriter() throws IOException {
    OutputStream stream = out != null ? Files.newOutputStream(out) : new Stdout();
    OutputStream guarded = new OutputFailure.Guard(stream);
    return output == Output.jsonl ? new JsonlFrameWriter(guarded) : new CandumpWriter(guarded);
  }

  /** System.out (so in-process callers can capture it) that stays open for the stats. */
  private static final class Stdout extends FilterOutputStream {
    Stdout() {
      super(System.out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** Marks exceptions of the frame output, so they stop the command instead of one input. */
  static final class OutputFailure extends IOException {
    OutputFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    /** Wraps every write error of the output stream. */
    static final class Guard extends FilterOutputStream {
      Guard(OutputStream out) {
        super(out);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (OutputFailure e) {
          throw e;
        } catch (IOException e) {
          throw new OutputFailure(e);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException e) {
          throw new OutputFailure(e);
        }
      }
    }
  }

  /** A progress line on stderr at most every {@code intervalNs}. */
  private final class Progress {
    private final String input;
    private final long intervalNs;
    private long last = System.nanoTime();

    Progress(String input, long intervalNs) {
      this.input = input;
      this.intervalNs = intervalNs;
    }

    void tick(long frames) {
      if ((frames & 0xFFFF) == 0) {
        long now = System.nanoTime();
        if (now - last >= intervalNs) {
          last = now;
          err.printf("frames: %s: %,d frames...%n", input, frames);
        }
      }
    }
  }

  /** Format names for the help text. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return FormatRegistry.formats().stream().map(f -> f.name()).iterator();
    }
  }
}
