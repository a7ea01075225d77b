package io.ecugateway.stream.ws;

import io.ecugateway.stream.CatalogueEntry;
import io.ecugateway.stream.LiveBatch;
import io.ecugateway.stream.LiveMessage;
import io.ecugateway.stream.MessageInfo;
import io.ecugateway.stream.SignalInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-bus codecs of the live path. Locally the objects pass by reference (no copy, no
 * serialization); the wire form exists so that a clustered event bus can carry them to other nodes.
 */
final class LiveCodecs {
  private LiveCodecs() {}

  static void register(EventBus bus) {
    try {
      bus.registerDefaultCodec(LiveBatch.class, new BatchCodec());
      bus.registerDefaultCodec(CatalogueEntry.class, new CatalogueCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // A second module instance on the same Vert.x: the codecs are already there.
    }
  }

  static final class BatchCodec implements MessageCodec<LiveBatch, LiveBatch> {
    @Override
    public void encodeToWire(Buffer b, LiveBatch batch) {
      string(b, batch.device());
      b.appendInt(batch.messages().size());
      for (LiveMessage m : batch.messages()) {
        string(b, m.bus());
        string(b, m.message());
        b.appendLong(m.timeNs());
        b.appendInt(m.signals().length);
        for (int i = 0; i < m.signals().length; i++) {
          string(b, m.signals()[i]);
          b.appendDouble(m.values()[i]);
        }
      }
    }

    @Override
    public LiveBatch decodeFromWire(int pos, Buffer b) {
      Reader r = new Reader(b, pos);
      String device = r.string();
      int n = r.b.getInt(r.pos);
      r.pos += 4;
      List<LiveMessage> messages = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        String bus = r.string();
        String message = r.string();
        long t = r.b.getLong(r.pos);
        int count = r.b.getInt(r.pos + 8);
        r.pos += 12;
        String[] names = new String[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
          names[i] = r.string();
          values[i] = r.b.getDouble(r.pos);
          r.pos += 8;
        }
        messages.add(new LiveMessage(device, bus, message, t, names, values));
      }
      return new LiveBatch(device, messages);
    }

    @Override
    public LiveBatch transform(LiveBatch batch) {
      return batch;
    }

    @Override
    public String name() {
      return "ecugw-live-batch";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  static final class CatalogueCodec implements MessageCodec<CatalogueEntry, CatalogueEntry> {
    @Override
    public void encodeToWire(Buffer b, CatalogueEntry e) {
      string(b, e.device());
      string(b, e.message().name());
      b.appendLong(e.message().id());
      b.appendInt(e.message().signals().size());
      for (SignalInfo s : e.message().signals()) {
        string(b, s.name());
        string(b, s.unit());
        b.appendInt(s.labels().size());
        for (Map.Entry<Long, String> l : s.labels().entrySet()) {
          b.appendLong(l.getKey());
          string(b, l.getValue());
        }
      }
    }

    @Override
    public CatalogueEntry decodeFromWire(int pos, Buffer b) {
      Reader r = new Reader(b, pos);
      String device = r.string();
      String name = r.string();
      long id = b.getLong(r.pos);
      int n = b.getInt(r.pos + 8);
      r.pos += 12;
      List<SignalInfo> signals = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String s = r.string();
        String unit = r.string();
        int labels = b.getInt(r.pos);
        r.pos += 4;
        Map<Long, String> map = new LinkedHashMap<>();
        for (int k = 0; k < labels; k++) {
          long raw = b.getLong(r.pos);
          r.pos += 8;
          map.put(raw, r.string());
        }
        signals.add(new SignalInfo(s, unit, map));
      }
      return new CatalogueEntry(device, new MessageInfo(name, id, signals));
    }

    @Override
    public CatalogueEntry transform(CatalogueEntry e) {
      return e;
    }

    @Override
    public String name() {
      return "ecugw-live-catalogue";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  private static void string(Buffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.appendInt(bytes.length).appendBytes(bytes);
  }

  private static final class Reader {
    final Buffer b;
    int pos;

    Reader(Buffer b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    String string() {
      int len = b.getInt(pos);
      String s = b.getString(pos + 4, pos + 4 + len, "UTF-8");
      pos += 4 + len;
      return s;
    }
  }
}
