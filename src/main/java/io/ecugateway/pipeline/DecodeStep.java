package io.ecugateway.pipeline;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.transport.TransportStage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one frame → decoded step of every path (uploads, live ingest, replays, the {@code decode}
 * command): frames outside the stored time window are counted and skipped, remote and error frames
 * too, multi-frame messages are reassembled when a {@link TransportStage} is given, the frame is
 * looked up in its bus's decoder and decoded into a reused {@link DecodeResult}, identifiers no DBC
 * knows are counted per (bus, id), and the decoded frame goes to a {@link DecodedConsumer}.
 *
 * <p>{@link #accept} allocates nothing: the decoder of the last bus is kept by reference (a map
 * lookup only when the bus changes) and the transport stage reports by status, so the loop stays
 * one compiled piece. Not thread-safe: one step per thread (per upload, connection, replay, CLI
 * worker).
 *
 * @param <E> what the consumer may throw
 */
public final class DecodeStep<E extends Exception> {
  /** The bus listed for unknown identifiers of frames that name none. */
  public static final String NO_BUS = "can?";

  private final Function<String, DbcDecoder> decoderForBus;
  private final TimestampWindow window;
  private final DecodedConsumer<E> out;
  private final DecodeResult result = new DecodeResult(64);
  private final UnknownIds unknown = new UnknownIds();
  private final Map<String, DbcDecoder> busDecoders = new HashMap<>();
  private TransportStage transport;
  private boolean busSelected;
  private String lastBus;
  private DbcDecoder lastDecoder;

  private long frames;
  private long outOfWindow;
  private long firstOutOfWindowNs;
  private long notData;
  private long decoded;

  /**
   * @param decoderForBus the compiled DBCs for a bus name ({@code can1}, or null when the log names
   *     none); null when no DBC applies
   * @param window the frame times stored, or null for every time (the CLI)
   * @param transport reassembly of multi-frame messages, or null for none
   * @param out where decoded frames go
   */
  public DecodeStep(
      Function<String, DbcDecoder> decoderForBus,
      TimestampWindow window,
      TransportStage transport,
      DecodedConsumer<E> out) {
    this.decoderForBus = decoderForBus;
    this.window = window;
    this.transport = transport;
    this.out = out;
  }

  /** Takes the next frame of the input, in order. */
  public void accept(CanFrame frame) throws E {
    frames++;
    if (window != null && !window.admits(frame.timestampNs)) {
      if (outOfWindow++ == 0) {
        firstOutOfWindowNs = frame.timestampNs;
      }
      return;
    }
    if (frame.kind != FrameKind.DATA) {
      notData++; // remote and error frames carry no signals
      return;
    }
    CanFrame f = frame;
    TransportStage t = transport;
    if (t != null) {
      int status = t.offer(frame);
      if (status == TransportStage.CONSUMED) {
        return;
      }
      if (status == TransportStage.COMPLETED) {
        f = t.completed();
      }
    }
    String bus = f.bus;
    if (bus != lastBus || !busSelected) {
      selectBus(bus);
    }
    DbcDecoder d = lastDecoder;
    if (d == null || !d.decode(f, result)) {
      unknown.add(bus == null ? NO_BUS : bus, f.id, f.extended);
      return;
    }
    decoded++;
    out.decoded(f, result);
  }

  private void selectBus(String bus) {
    DbcDecoder d = busDecoders.get(bus);
    if (d == null) {
      d = decoderForBus.apply(bus);
      if (d != null) {
        busDecoders.put(bus, d);
      }
    }
    lastBus = bus;
    busSelected = true;
    if (d != lastDecoder) {
      lastDecoder = d;
      if (d != null) {
        out.decoderSelected(d);
      }
    }
  }

  /**
   * Asks for the decoders again at the next frame (a long-lived connection picks up reloaded DBC
   * files this way).
   */
  public void refreshDecoders() {
    busDecoders.clear();
    busSelected = false;
    lastDecoder = null;
  }

  /** Reassembles through {@code stage} from now on (null: no reassembly). */
  public void transport(TransportStage stage) {
    this.transport = stage;
  }

  /** The end of the input: incomplete multi-frame messages are dropped and counted. */
  public void flush() {
    if (transport != null) {
      transport.flush();
    }
  }

  /** Frames taken, every kind and time. */
  public long frames() {
    return frames;
  }

  /** Frames dated outside the window, skipped. */
  public long outOfWindow() {
    return outOfWindow;
  }

  /** Time of the first frame outside the window (when {@link #outOfWindow()} is not 0). */
  public long firstOutOfWindowNs() {
    return firstOutOfWindowNs;
  }

  /** Remote and error frames, skipped. */
  public long notData() {
    return notData;
  }

  /** Frames (and reassembled messages) handed to the consumer. */
  public long decoded() {
    return decoded;
  }

  /** Frames whose identifier no DBC of their bus knows. */
  public UnknownIds unknown() {
    return unknown;
  }
}
