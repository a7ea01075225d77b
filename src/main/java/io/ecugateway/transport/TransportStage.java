package io.ecugateway.transport;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reassembles multi-frame messages between frame reading and DBC decoding: ISO-TP, J1939 TP and
 * NMEA 2000 fast packets, as configured per bus by a {@link TransportConfig} (conventions in {@code
 * docs/transport.md}).
 *
 * <p>Feed every frame, in log order, to {@link #offer(CanFrame)}; its status says what became of
 * it:
 *
 * <ul>
 *   <li>{@link #PASSED}: the frame is of no transport stream; use it unchanged (no copy, no
 *       allocation);
 *   <li>{@link #CONSUMED}: a segment (first, consecutive, data-transfer or control frame), taken
 *       into a message still incomplete; never used as a single frame;
 *   <li>{@link #COMPLETED}: the frame completed a message; {@link #completed()} is the reassembled
 *       frame: payload without protocol headers and trimmed to the declared length, time of the
 *       <em>last</em> segment ({@link #messageStartNs()} gives the first), ID per protocol (ISO-TP
 *       and fast packet: the segments' own ID; J1939: {@code (6 << 26) | (PGN << 8) | SA}, to be
 *       matched by PGN).
 * </ul>
 *
 * The completed frame is reused by the next call; copy it to keep it. Lost, out-of-order,
 * duplicate, aborted, oversized and timed-out messages are dropped and counted in {@link
 * #counters()}; memory is bounded by {@link TransportConfig#maxSessions()} × {@link
 * TransportConfig#maxMessageBytes()}. Timeouts are measured on frame timestamps, so offline and
 * live input behave alike.
 *
 * <p><b>Service entry point.</b> Keep one stage per device session (not per upload): sessions stay
 * open across consecutive splits, so a message spanning two split files is still reassembled. Call
 * {@link #flush()} when the device session ends or a split is missing (a gap): it drops and counts
 * what is still incomplete. The CLI uses one stage per input file and flushes at its end. A stage
 * is not thread-safe; use it from one thread (or virtual thread) at a time.
 */
public final class TransportStage {
  private final TransportConfig config;
  private final TransportCounters counters = new TransportCounters();
  private final SessionTable sessions;
  private final IsoTpReassembler isoTp;
  private final J1939TpReassembler j1939;
  private final FastPacketReassembler fastPacket;
  private final CanFrame result = new CanFrame();
  private boolean completed;
  private long messageStartNs;

  /** Counted here rather than in {@link #counters} so the pass-through path touches one object. */
  private long passedThrough;

  private String[] busNames = new String[4];
  private BusSettings[] busSettings = new BusSettings[4];
  private int busCount;
  private String lastBus;
  private BusSettings lastSettings;
  private int lastBusIndex = -1;

  public TransportStage(TransportConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.sessions = new SessionTable(config, counters);
    this.isoTp = new IsoTpReassembler(this, sessions, counters, config.maxMessageBytes());
    this.j1939 = new J1939TpReassembler(this, sessions, counters);
    this.fastPacket = new FastPacketReassembler(this, sessions, counters);
  }

  public TransportConfig config() {
    return config;
  }

  /** {@link #offer} result: the frame is not part of a transport stream; use it as it is. */
  public static final int PASSED = 0;

  /** {@link #offer} result: the frame was a segment, taken into a message still incomplete. */
  public static final int CONSUMED = 1;

  /** {@link #offer} result: the frame completed a message, see {@link #completed()}. */
  public static final int COMPLETED = 2;

  /**
   * Takes the next frame of the log and says what became of it: {@link #PASSED}, {@link #CONSUMED}
   * or {@link #COMPLETED}. A status instead of a callback keeps the caller's decode loop in one
   * compiled piece: on single-frame traffic the stage then costs a few field reads.
   */
  public int offer(CanFrame in) {
    BusSettings bus = settingsFor(in.bus);
    if (bus.any && in.kind == FrameKind.DATA && consumed(in, bus, lastBusIndex)) {
      boolean done = completed;
      completed = false;
      return done ? COMPLETED : CONSUMED;
    }
    passedThrough++;
    messageStartNs = in.timestampNs;
    return PASSED;
  }

  /**
   * The message the last {@link #offer} completed: payload without protocol headers, time of the
   * last segment. Reused by the next call; copy it to keep it.
   */
  public CanFrame completed() {
    return result;
  }

  /**
   * Ends the input: drops every incomplete message, counted as {@link
   * DropReason#INCOMPLETE_AT_END}.
   */
  public void flush() {
    sessions.dropAll(DropReason.INCOMPLETE_AT_END);
  }

  public TransportCounters counters() {
    counters.setPassedThrough(passedThrough);
    return counters;
  }

  /** Messages currently being reassembled. */
  public int openSessions() {
    return sessions.size();
  }

  /**
   * Time of the first segment of the frame the last {@link #offer} passed through or completed
   * (equal to its own time for frames passed through and single frames). Valid until the next call.
   */
  public long messageStartNs() {
    return messageStartNs;
  }

  private boolean consumed(CanFrame in, BusSettings bus, int busIndex) {
    if (!in.extended) {
      IsoTpLayout layout = bus.isoTp ? bus.isoTpLayout(in.id, false) : null;
      return layout != null && segment(in, layout, busIndex);
    }
    int formats = bus.formatsOf(in.id);
    if (formats == 0) {
      return false;
    }
    if ((formats & BusSettings.ISO_TP_FORMAT) != 0) {
      IsoTpLayout layout = bus.isoTpLayout(in.id, true);
      if (layout != null) {
        return segment(in, layout, busIndex);
      }
    }
    return (formats & BusSettings.TP_FORMAT) != 0
        && ((bus.j1939 && j1939.accept(in, busIndex))
            || (bus.nmea2000 && fastPacket.accept(in, busIndex)));
  }

  /** An ISO-TP frame: always consumed (a segment, or a single frame delivered as a message). */
  private boolean segment(CanFrame in, IsoTpLayout layout, int busIndex) {
    isoTp.accept(in, layout, busIndex);
    return true;
  }

  /** Session key: protocol, bus and the protocol's own stream key (below 2^34). */
  static long key(TransportProtocol protocol, int busIndex, long streamKey) {
    return ((long) protocol.ordinal() << 58) | ((long) busIndex << 34) | streamKey;
  }

  /**
   * Records a completed message ({@link #completed()}): {@code payload[offset, offset + length)},
   * preceded by one {@code prefix} byte unless it is negative, in the frame {@code last} arrived
   * on.
   */
  void deliver(
      CanFrame last,
      int id,
      boolean extended,
      int prefix,
      byte[] payload,
      int offset,
      int length,
      long firstNs) {
    int start = prefix >= 0 ? 1 : 0;
    int total = start + length;
    CanFrame r = result;
    r.ensureCapacity(total);
    if (prefix >= 0) {
      r.data[0] = (byte) prefix;
    }
    System.arraycopy(payload, offset, r.data, start, length);
    r.length = total;
    r.dlc = CanFrame.lengthToDlc(total);
    r.timestampNs = last.timestampNs;
    r.bus = last.bus;
    r.id = id;
    r.extended = extended;
    r.fd = last.fd;
    r.brs = last.brs;
    r.esi = last.esi;
    r.kind = FrameKind.DATA;
    r.direction = last.direction;
    messageStartNs = firstNs;
    completed = true;
  }

  /**
   * The settings of a bus; the last bus is cached by reference, so steady traffic does no lookup.
   */
  private BusSettings settingsFor(String bus) {
    if (bus == lastBus && lastSettings != null) {
      return lastSettings;
    }
    int i = 0;
    while (i < busCount && !Objects.equals(busNames[i], bus)) {
      i++;
    }
    if (i == busCount) {
      if (busCount == busNames.length) {
        busNames = Arrays.copyOf(busNames, busCount * 2);
        busSettings = Arrays.copyOf(busSettings, busCount * 2);
      }
      busNames[i] = bus;
      busSettings[i] = config.resolve(bus);
      busCount++;
    }
    lastBus = bus;
    lastSettings = busSettings[i];
    lastBusIndex = i;
    return lastSettings;
  }
}
