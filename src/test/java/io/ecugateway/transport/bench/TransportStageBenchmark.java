package io.ecugateway.transport.bench;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import io.ecugateway.transport.DbcTransport;
import io.ecugateway.transport.Stages;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportProtocol;
import io.ecugateway.transport.TransportStage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DBC decoding of single-frame traffic with and without a {@link TransportStage} in front: the
 * stage must cost less than 20 % of decode throughput. Traffic: the 139 136 J1939 frames of {@code
 * other/asammdf-basics/00000001.MF4} that the stage passes through (its few TP frames removed, so
 * both variants decode exactly the same frames), decoded with the J1939 demo DBC. The stage runs
 * all three protocols on every bus, with ISO-TP on the DBC's 11-bit IDs and two extra IDs, so each
 * frame goes through every check. Each variant copies the next frame into one reused {@link
 * CanFrame} first, exactly as every {@code FrameReader} hands frames out, so the comparison is not
 * dominated by cache misses on 100 000 distinct frame objects (which no real pipeline has). {@code
 * decodeWithTransportStage} uses the status form {@link TransportStage#offer} (as hot loops
 * should), {@code decodeWithTransportStageCallback} the callback form. A further benchmark measures
 * reassembly itself on the Kona UDS log.
 *
 * <p>Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench=TransportStageBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TransportStageBenchmark {
  static final int FRAMES = 100_000;

  private CanFrame[] frames;

  /** The one frame every variant decodes from, filled per frame as a {@code FrameReader} does. */
  private final CanFrame reused = new CanFrame();

  private DbcDecoder decoder;
  private DecodeResult result;
  private TransportStage stage;
  private Consumer<CanFrame> decode;
  private long decodedSignals;

  private CanFrame[] udsFrames;
  private TransportStage udsStage;
  private DbcDecoder udsDecoder;
  private Consumer<CanFrame> udsDecode;

  @Setup
  public void setUp() throws IOException {
    Path log = SharedData.root().resolve("canedge/other/asammdf-basics/00000001.MF4");
    Dbc dbc =
        DbcParser.parse(
            SharedData.root()
                .resolve("canedge/dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"));
    decoder = DbcDecoder.compile(DbcTransport.matchLongMessagesByPgn(dbc));
    result = decoder.newResult();
    TransportConfig.Builder b =
        TransportConfig.builder()
            .enable(null, TransportProtocol.ISOTP)
            .enable(null, TransportProtocol.J1939)
            .enable(null, TransportProtocol.NMEA2000)
            .isoTpStream(null, 0x7E8, false)
            .isoTpStream(null, 0x18DAF100, true);
    DbcTransport.addIsoTpStreams(b, null, dbc, null);
    TransportConfig config = b.build();
    frames = passedThrough(read(log), config, FRAMES);
    stage = new TransportStage(config);
    decode = f -> decodeOne(f);

    Dbc uds = DbcParser.parse(SharedData.root().resolve("canedge/dbc/tp_uds.dbc"));
    udsDecoder = DbcDecoder.compile(uds);
    TransportConfig.Builder u = TransportConfig.builder().enable(null, TransportProtocol.ISOTP);
    DbcTransport.addIsoTpStreams(u, null, uds, null);
    udsStage = new TransportStage(u.build());
    udsFrames = read(SharedData.root().resolve("canedge/LOG/17BD1DB7/00000006/00000170.MF4"));
    DecodeResult r = udsDecoder.newResult();
    udsDecode =
        f -> {
          if (udsDecoder.decode(f, r)) {
            decodedSignals += r.count();
          }
        };
  }

  private void decodeOne(CanFrame f) {
    if (decoder.decode(f, result)) {
      decodedSignals += result.count();
    }
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void decodeOnly(Blackhole bh) {
    CanFrame f = reused;
    for (CanFrame next : frames) {
      f.set(next);
      decodeOne(f);
    }
    bh.consume(decodedSignals);
  }

  /** The stage as hot loops use it: {@link TransportStage#offer} status, no callback. */
  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void decodeWithTransportStage(Blackhole bh) {
    CanFrame f = reused;
    for (CanFrame next : frames) {
      f.set(next);
      int status = stage.offer(f);
      if (status == TransportStage.PASSED) {
        decodeOne(f);
      } else if (status == TransportStage.COMPLETED) {
        decodeOne(stage.completed());
      }
    }
    bh.consume(decodedSignals);
  }

  /** The callback form ({@link Stages#accept}) over {@link TransportStage#offer}. */
  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void decodeWithTransportStageCallback(Blackhole bh) {
    CanFrame f = reused;
    for (CanFrame next : frames) {
      f.set(next);
      Stages.accept(stage, f, decode);
    }
    bh.consume(decodedSignals);
  }

  /** Throughput in frames (segments) per µs: every frame of the Kona log is a UDS segment. */
  @Benchmark
  @OperationsPerInvocation(2010)
  public void reassembleAndDecodeUds(Blackhole bh) {
    for (CanFrame f : udsFrames) {
      Stages.accept(udsStage, f, udsDecode);
    }
    bh.consume(decodedSignals);
  }

  private static CanFrame[] read(Path log) throws IOException {
    List<CanFrame> out = new ArrayList<>();
    try (FrameReader r = FormatRegistry.open(log, ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        out.add(f.copy());
      }
    }
    return out.toArray(CanFrame[]::new);
  }

  /** The first {@code n} frames the stage passes through unchanged (cycled if fewer). */
  private static CanFrame[] passedThrough(CanFrame[] all, TransportConfig config, int n) {
    TransportStage probe = new TransportStage(config);
    List<CanFrame> single = new ArrayList<>();
    for (CanFrame f : all) {
      Stages.accept(
          probe,
          f,
          out -> {
            if (out == f) {
              single.add(f);
            }
          });
    }
    CanFrame[] picked = new CanFrame[n];
    for (int i = 0; i < n; i++) {
      picked[i] = single.get(i % single.size());
    }
    return picked;
  }
}
