package io.ecugateway.decode;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.Message;
import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One or more DBC files compiled for decoding: O(1) lookup by (identifier, extended) and
 * allocation-free decoding into a reusable {@link DecodeResult}. Immutable and thread-safe (use one
 * result object per thread).
 *
 * <p>Matching: standard frames by 11-bit identifier; extended frames by 29-bit identifier, then,
 * for J1939 messages ({@link Message#j1939()}), by PGN: priority and source address are ignored,
 * and for PDU1 PGNs the destination address too. A J1939 message whose identifier also matches in
 * source (and destination) address is preferred over a PGN-only match. When several messages claim
 * the same identifier the later one (later file, later in file) wins, like cantools.
 *
 * <pre>{@code
 * DbcDecoder decoder = DbcDecoder.compile(DbcParser.parse(Path.of("car.dbc")));
 * DecodeResult r = decoder.newResult();
 * if (decoder.decode(frame, r)) { ... r.messageName(), r.count(), r.signalIndex(k) ... }
 * // transport payloads of any length:
 * decoder.decode(id, extended, payload, payloadLength, r);
 * }</pre>
 */
public final class DbcDecoder {
  private static final int PGN_SPACE = 1 << 18;

  private final MessageCodec[] standard = new MessageCodec[2048];
  private final CodecTable extendedById;
  private final CodecTable j1939ByIdWithoutPriority;
  private final MessageCodec[] j1939ByPgn;

  /**
   * Bit set over PGNs claimed by more than one J1939 message (they differ in source or destination
   * address); only for those does a lookup need the exact-identifier table.
   */
  private final long[] j1939SharedPgns;

  private final List<MessageCodec> codecs;
  private final int maxSignals;

  private DbcDecoder(List<Message> messages, Consumer<String> warnings) {
    List<MessageCodec> all = new ArrayList<>();
    extendedById = new CodecTable(messages.size());
    j1939ByIdWithoutPriority = new CodecTable(messages.size());
    boolean anyJ1939 = messages.stream().anyMatch(Message::j1939);
    j1939ByPgn = anyJ1939 ? new MessageCodec[PGN_SPACE] : null;
    j1939SharedPgns = anyJ1939 ? new long[PGN_SPACE / 64] : null;
    int max = 1;
    for (Message m : messages) {
      MessageCodec c = new MessageCodec(m, all.size());
      all.add(c);
      max = Math.max(max, m.signals().size());
      MessageCodec replaced = null;
      if (!m.extended()) {
        replaced = standard[m.id()];
        standard[m.id()] = c;
      } else if (m.id() <= 0x1FFF_FFFF) {
        if (m.j1939()) {
          replaced = j1939ByIdWithoutPriority.put(m.id() & 0x03FF_FFFF, c);
          int pgn = J1939.pgn(m.id());
          if (j1939ByPgn[pgn] != null) {
            j1939SharedPgns[pgn >>> 6] |= 1L << pgn;
          }
          j1939ByPgn[pgn] = c;
        } else {
          replaced = extendedById.put(m.id(), c);
        }
      }
      if (replaced != null) {
        warnings.accept(
            "message " + m.name() + " replaces " + replaced.name() + " for the same identifier");
      }
    }
    codecs = Collections.unmodifiableList(all);
    maxSignals = max;
  }

  /** Compiles the messages of all files; later files win identifier clashes. */
  public static DbcDecoder compile(List<Dbc> dbcs, Consumer<String> warnings) {
    List<Message> messages = new ArrayList<>();
    for (Dbc d : dbcs) {
      messages.addAll(d.messages());
    }
    return new DbcDecoder(messages, warnings);
  }

  public static DbcDecoder compile(Dbc... dbcs) {
    return compile(List.of(dbcs), w -> {});
  }

  /** A result object large enough for every message of this decoder. */
  public DecodeResult newResult() {
    return new DecodeResult(maxSignals);
  }

  /** Every compiled message, in file order; {@link MessageCodec#index()} is the position here. */
  public List<MessageCodec> codecs() {
    return codecs;
  }

  /** The codec for a frame identifier, or null. O(1). */
  public MessageCodec lookup(int id, boolean extended) {
    if (!extended) {
      return id >= 0 && id < 2048 ? standard[id] : null;
    }
    MessageCodec c = extendedById.isEmpty() ? null : extendedById.get(id);
    if (c == null && j1939ByPgn != null && id >= 0 && id <= 0x1FFF_FFFF) {
      int pgn = J1939.pgn(id);
      c = j1939ByPgn[pgn];
      if (c != null && (j1939SharedPgns[pgn >>> 6] & 1L << pgn) != 0) {
        // Several messages share the PGN: one whose identifier also matches in addresses wins.
        MessageCodec exact = j1939ByIdWithoutPriority.get(id & 0x03FF_FFFF);
        c = exact != null ? exact : c;
      }
    }
    return c;
  }

  /**
   * Decodes a payload of any length (classic CAN, CAN FD, reassembled ISO-TP / J1939 TP).
   *
   * @return false when no message matches (then {@code out} is unchanged)
   */
  public boolean decode(int id, boolean extended, byte[] data, int length, DecodeResult out) {
    MessageCodec c = lookup(id, extended);
    if (c == null) {
      return false;
    }
    c.decode(data, length, out);
    out.frame(id, extended);
    return true;
  }

  public boolean decode(CanFrame frame, DecodeResult out) {
    return decode(frame.id, frame.extended, frame.data, frame.length, out);
  }
}
