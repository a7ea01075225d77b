package io.ecugateway.cli;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcException;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.LineParser;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.transport.DbcTransport;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportCounters;
import io.ecugateway.transport.TransportStage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decode}: log files → decoded signals (JSONL or long CSV).
 *
 * <p>Pipeline per input file: reader → {@link DecodeStage} (the shared {@code pipeline.DecodeStep},
 * with a {@link TransportStage} when {@code --transport} is given) → output. Without a transport
 * stage, decoding and formatting run on {@code --threads} worker threads ({@link ParallelDecode})
 * while this thread reads and a writer thread writes (candump lines are parsed on the workers too);
 * the output is the same byte for byte. Frames matching no message are skipped and counted on
 * stderr.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decode CAN log files with DBC files.",
      "Output: one JSON object per decoded frame (physical values, value labels not applied),",
      "or long-form CSV (t,bus,message,signal,value,unit). Frames that match no message are",
      "skipped and counted on stderr.",
      "Example: decode --dbc car.dbc --out car.jsonl candump-2024-01-01.log"
    })
public final class DecodeCommand implements Callable<Integer> {

  enum OutputFormat {
    jsonl,
    csv
  }

  @Option(
      names = "--dbc",
      required = true,
      paramLabel = "[BUS=]FILE",
      description = {
        "DBC file; repeatable. BUS= (e.g. can1=powertrain.dbc) applies it to that bus only;",
        "without it the file applies to every bus."
      })
  List<String> dbcFiles;

  @Option(
      names = "--output",
      paramLabel = "jsonl|csv",
      defaultValue = "jsonl",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path out;

  @Option(
      names = "--passwords",
      paramLabel = "passwords.json",
      description =
          "Passwords for encrypted .MFE/.MFM logs: {\"default\": \"...\", \"<device ID>\": \"...\"}.")
  Path passwords;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description = "Log files, format detected from their content (candump...); - = stdin.")
  List<String> inputs;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = {
        "Threads that decode and format while the main thread reads and one more",
        "writes, in input order (default: the number of CPUs; 1 = everything on one",
        "thread). With --transport decoding always runs on one thread."
      })
  int threads = Runtime.getRuntime().availableProcessors();

  @Mixin TransportOptions transport = new TransportOptions();

  private final PrintStream err = System.err;
  private ReadOptions readOptions = ReadOptions.defaults();
  private TransportConfig transportConfig;
  private TransportStage transportStage;
  private final TransportCounters transportCounters = new TransportCounters();

  @Override
  public Integer call() {
    DbcBindings bindings;
    try {
      UnaryOperator<Dbc> prepare =
          transport.matchByPgn() ? DbcTransport::matchLongMessagesByPgn : UnaryOperator.identity();
      if (passwords != null) {
        readOptions = readOptions.withPasswords(PasswordsFile.load(passwords));
      }
      bindings = DbcBindings.load(dbcFiles, w -> err.println("warning: " + w), prepare);
      if (transport.given()) {
        TransportConfig c = transport.config(bindings, w -> err.println("warning: " + w));
        transportConfig = c.isEmpty() ? null : c;
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (DbcException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (threads < 1) {
      err.println("error: --threads must be at least 1");
      return 2;
    }
    long started = System.nanoTime();
    DecodeStage stage;
    int failures = 0;
    try (ByteOutput sink = openOutput()) {
      DecodedOutput format = newFormat();
      format.start(sink);
      stage = new DecodeStage(bindings, format, sink);
      try (ParallelDecode parallel =
          transportConfig == null && threads > 1
              ? new ParallelDecode(
                  threads, () -> new DecodeStage(bindings, newFormat(), null), sink)
              : null) {
        for (String input : inputs) {
          failures += decodeInput(input, stage, parallel) ? 0 : 1;
        }
        if (parallel != null) {
          parallel.addCounts(stage);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("error: writing output: " + e.getMessage());
      return 1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(
        "decode: %d frames, %d decoded, %d skipped (no matching message)%s in %.2f s (%.2f M frames/s)%n",
        stage.frames(),
        stage.decoded(),
        stage.unmatched(),
        stage.notData() > 0 ? ", " + stage.notData() + " remote/error frames skipped" : "",
        seconds,
        stage.frames() / seconds / 1e6);
    if (transportConfig != null) {
      err.println("decode: transport: " + transportCounters);
    }
    return failures == 0 ? 0 : 1;
  }

  /**
   * Reads one input through the pipeline (through {@code parallel} when given); reports a broken
   * input on stderr and returns false.
   */
  private boolean decodeInput(String input, DecodeStage stage, ParallelDecode parallel)
      throws IOException {
    LogSource source =
        input.equals("-") ? LogSource.of("<stdin>", System.in) : LogSource.of(Path.of(input));
    try (FrameReader reader = FormatRegistry.open(source, readOptions)) {
      Progress progress = new Progress(input, err);
      if (parallel != null) {
        Supplier<LineParser> lines =
            reader instanceof TextFrameReader text ? text.independentLines() : null;
        if (lines != null) {
          parallel.decodeLines((TextFrameReader) reader, lines, progress::advance);
        } else {
          parallel.decode(reader, progress::tick);
        }
        return true;
      }
      startInput(stage);
      CanFrame frame = new CanFrame();
      while (reader.next(frame)) {
        stage.accept(frame);
        progress.tick();
      }
      endOfInput(stage);
      return true;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return false;
    }
  }

  /**
   * Gives the stage its transport reassembly (ISO-TP, J1939 TP, NMEA 2000 fast packets) for one
   * input file when {@code --transport} is given: the CLI does not carry messages across files.
   */
  private void startInput(DecodeStage stage) {
    if (transportConfig != null) {
      transportStage = new TransportStage(transportConfig);
      stage.transport(transportStage);
    }
  }

  /** Called after each input file (transport stages flush incomplete messages here). */
  private void endOfInput(DecodeStage stage) {
    if (transportStage != null) {
      transportStage.flush();
      transportCounters.add(transportStage.counters());
      transportStage = null;
      stage.transport(null);
    }
  }

  /** The output file or stdout behind a 1 MB buffer (one write per full buffer). */
  private ByteOutput openOutput() throws IOException {
    WritableByteChannel channel =
        out != null
            ? FileChannel.open(
                out,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)
            : Channels.newChannel(stdoutKeptOpen());
    return ByteOutput.toChannel(channel, 1 << 20);
  }

  private DecodedOutput newFormat() {
    return output == OutputFormat.csv ? new CsvOutput() : new JsonlOutput();
  }

  /**
   * Standard output that is flushed but never closed: closing the process's stdout would break the
   * caller (a test harness, or a wrapper that prints after us). The writers buffer whole chunks, so
   * going through {@link System#out} costs nothing per frame.
   */
  private static OutputStream stdoutKeptOpen() {
    return new FilterOutputStream(System.out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** A line on stderr every few seconds for long inputs. */
  private static final class Progress {
    private final String input;
    private final PrintStream err;
    private long count;
    private long lastReport = System.nanoTime();

    Progress(String input, PrintStream err) {
      this.input = input;
      this.err = err;
    }

    void tick() {
      advance(1);
    }

    /** {@code frames} more read; reports at most once per 2^20 frames. */
    void advance(long frames) {
      long before = count;
      count += frames;
      if (before >>> 20 != count >>> 20) {
        long now = System.nanoTime();
        if (now - lastReport > 5_000_000_000L) {
          lastReport = now;
          err.printf("decode: %s: %d frames read...%n", input, count);
        }
      }
    }
  }
}
