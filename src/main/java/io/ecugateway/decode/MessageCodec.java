package io.ecugateway.decode;

import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One message compiled for decoding. Immutable and thread-safe; all per-frame state lives in the
 * caller's {@link DecodeResult}.
 *
 * <p>Signals are addressed by their index in {@link Message#signals()} (DBC order). A signal is
 * decoded when all its bytes are within the frame (frames shorter or longer than the declared
 * length are fine) and, if multiplexed, its multiplexer was decoded with a matching value.
 */
public final class MessageCodec {
  private final Message message;
  private final int index;
  private final SignalCodec[] signals;

  /** Parents before children: the order signals are evaluated in. */
  private final SignalCodec[] evalOrder;

  /** Output order: by depth in the multiplexer tree, then by first bit (as cantools sorts). */
  private final int[] emitOrder;

  private final boolean multiplexed;

  /** The fast path for messages without multiplexing (see {@link LinearPlan}), or null. */
  private final LinearPlan plan;

  MessageCodec(Message message, int index) {
    this.message = message;
    this.index = index;
    List<Signal> list = message.signals();
    signals = new SignalCodec[list.size()];
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < signals.length; i++) {
      signals[i] = new SignalCodec(list.get(i), i);
      byName.putIfAbsent(list.get(i).name(), i);
    }
    // Multiplexer references use the names as written; SystemSignalLongSymbol renames are rare.
    boolean anyMux = false;
    int[] depth = new int[signals.length];
    for (SignalCodec s : signals) {
      String p = s.signal.multiplexerSignal();
      if (p != null) {
        anyMux = true;
        Integer pi = byName.get(p);
        s.parent = pi != null && list.get(pi).multiplexer() ? pi : -2;
      }
    }
    multiplexed = anyMux;
    for (int i = 0; i < signals.length; i++) {
      depth[i] = depthOf(i);
    }
    List<SignalCodec> eval = new ArrayList<>();
    for (int i = 0; i < signals.length; i++) {
      if (depth[i] >= 0) {
        eval.add(signals[i]);
      }
    }
    eval.sort(
        Comparator.<SignalCodec>comparingInt(s -> depth[s.index])
            .thenComparingInt(s -> s.signal.sequentialStartBit()));
    evalOrder = eval.toArray(new SignalCodec[0]);
    emitOrder = new int[evalOrder.length];
    for (int i = 0; i < evalOrder.length; i++) {
      emitOrder[i] = evalOrder[i].index;
    }
    SignalCodec[] decodable =
        eval.stream().filter(c -> c.needBytes != SignalCodec.NEVER).toArray(SignalCodec[]::new);
    plan = multiplexed ? null : LinearPlan.of(decodable);
  }

  /** Depth in the multiplexer tree; -1 when unreachable (no valid multiplexer, or a cycle). */
  private int depthOf(int i) {
    int d = 0;
    int cur = i;
    while (signals[cur].parent != -1) {
      if (signals[cur].parent < 0 || ++d > signals.length) {
        return -1;
      }
      cur = signals[cur].parent;
    }
    return d;
  }

  public Message message() {
    return message;
  }

  public String name() {
    return message.name();
  }

  /** Dense index of this codec in its {@link DbcDecoder} (for per-message caches in writers). */
  public int index() {
    return index;
  }

  public int signalCount() {
    return signals.length;
  }

  public Signal signal(int signalIndex) {
    return signals[signalIndex].signal;
  }

  /** The signal can be decoded at all (fits 64 bits, valid float length...). */
  boolean decodable(int signalIndex) {
    return signals[signalIndex].needBytes != SignalCodec.NEVER;
  }

  /** Value label for a raw value of that signal, or null (no allocation). */
  public String label(int signalIndex, long raw) {
    return signals[signalIndex].label(raw);
  }

  /** True when the signal yields an integer physical value (cantools returns an int). */
  public boolean isInteger(int signalIndex) {
    return signals[signalIndex].isInteger;
  }

  /**
   * True for IEEE float signals (their raw value is the float, see {@link DecodeResult#rawFloat}).
   */
  public boolean isFloat(int signalIndex) {
    return signals[signalIndex].isFloat;
  }

  /** True for unsigned 64-bit integer signals: raw and integer values are unsigned longs. */
  public boolean isUnsignedLong(int signalIndex) {
    return signals[signalIndex].unsignedLong;
  }

  /**
   * Decodes {@code length} bytes of {@code data} into {@code out} (reset first). Any length works:
   * classic CAN, CAN FD, or a reassembled transport payload of several kilobytes.
   */
  public void decode(byte[] data, int length, DecodeResult out) {
    LinearPlan fast = plan;
    if (fast != null && length >= fast.payloadNeed && data.length >= fast.arrayNeed) {
      out.beginAllPresent(this, length, fast.order);
      fast.run(data, out.raw, out.value);
      return;
    }
    out.begin(this, length);
    int n = 0;
    int[] order = out.order;
    for (SignalCodec s : evalOrder) {
      boolean ok = length >= s.needBytes;
      if (ok && s.parent >= 0) {
        SignalCodec p = signals[s.parent];
        ok = out.isPresent(s.parent) && p.muxValueOf(out) && s.muxMatches(p.muxValue(out));
      }
      if (ok) {
        s.decodeInto(data, out);
        out.markPresent(s.index);
        order[n++] = s.index;
      }
    }
    out.count = n;
  }

  /** Exact integer physical value of an {@link #isInteger} signal from its raw value. */
  long integerValue(int signalIndex, long raw) {
    return signals[signalIndex].integerValue(raw);
  }

  @Override
  public String toString() {
    return "MessageCodec[" + message.name() + "]";
  }
}
