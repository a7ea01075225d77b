package io.ecugateway.stream;

import io.ecugateway.dbc.Signal;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The live decoder of one connection or replay: DBC decoding with the decoder that applies to the
 * frame's bus. Per message it builds the signal-name array once and reuses it while the same
 * signals are present (so subscribers resolve their routes once), and the catalogue entry with
 * units and value labels. Not thread-safe: one instance per ingest thread.
 */
public final class DbcLiveDecoder implements LiveDecoder {
  private final Function<String, DbcDecoder> decoderForBus;
  private final Map<DbcDecoder, PerMessage[]> caches = new IdentityHashMap<>();
  private DbcDecoder resultOwner;
  private DecodeResult result;

  /**
   * @param decoderForBus the compiled DBCs for a bus name ({@code can1}...), null if none applies;
   *     may return a new decoder after a DBC reload
   */
  public DbcLiveDecoder(Function<String, DbcDecoder> decoderForBus) {
    this.decoderForBus = decoderForBus;
  }

  private static final class PerMessage {
    String[] names = new String[0];
    MessageInfo info;
  }

  @Override
  public boolean decode(String device, CanFrame frame, Output out) {
    if (frame.kind != FrameKind.DATA) {
      return false;
    }
    DbcDecoder decoder = decoderForBus.apply(frame.bus);
    if (decoder == null) {
      return false;
    }
    if (decoder != resultOwner) {
      resultOwner = decoder;
      result = decoder.newResult();
      if (caches.size() > 16) {
        caches.clear(); // old decoders of reloaded DBCs
      }
    }
    DecodeResult r = result;
    if (!decoder.decode(frame, r)) {
      return false;
    }
    MessageCodec codec = r.codec();
    PerMessage pm = perMessage(decoder, codec);
    int n = r.count();
    double[] values = new double[n];
    String[] names = pm.names;
    boolean same = names.length == n;
    for (int k = 0; k < n; k++) {
      int i = r.signalIndex(k);
      values[k] = r.isInteger(i) ? (double) r.longValue(i) : r.value(i);
      same = same && names[k].equals(codec.signal(i).name());
    }
    if (!same) {
      names = new String[n];
      for (int k = 0; k < n; k++) {
        names[k] = codec.signal(r.signalIndex(k)).name();
      }
      pm.names = names;
    }
    out.message(
        new LiveMessage(device, frame.bus, codec.name(), frame.timestampNs, names, values),
        pm.info);
    return true;
  }

  private PerMessage perMessage(DbcDecoder decoder, MessageCodec codec) {
    PerMessage[] cache = caches.computeIfAbsent(decoder, d -> new PerMessage[d.codecs().size()]);
    PerMessage pm = cache[codec.index()];
    if (pm == null) {
      pm = new PerMessage();
      pm.info = info(codec);
      cache[codec.index()] = pm;
    }
    return pm;
  }

  /** Catalogue entry: labels keyed by physical value (the live stream sends physical values). */
  static MessageInfo info(MessageCodec codec) {
    List<SignalInfo> signals = new ArrayList<>();
    for (Signal s : codec.message().signals()) {
      Map<Long, String> labels = new LinkedHashMap<>();
      for (Map.Entry<Long, String> c : s.choices().entrySet()) {
        double physical = c.getKey() * s.factor() + s.offset();
        if (physical == Math.rint(physical) && Math.abs(physical) < 1e15) {
          labels.put((long) physical, c.getValue());
        }
      }
      signals.add(new SignalInfo(s.name(), s.unit(), labels));
    }
    return new MessageInfo(codec.name(), codec.message().id(), signals);
  }
}
