package io.ecugateway.cli;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what {@code frames --stats} reports: frames by bus, kind and direction, distinct IDs,
 * first/last and min/max time. {@link #add} allocates nothing after a bus is first seen.
 */
final class FrameStats {
  private static final class Bus {
    final int index;
    long frames;

    Bus(int index) {
      this.index = index;
    }
  }

  private final Map<String, Bus> buses = new HashMap<>();
  private final LongHashSet ids = new LongHashSet();
  private final LongHashSet busIds = new LongHashSet();
  long frames;
  long tx;
  long extended;
  long fd;
  long remote;
  long error;
  long lin;
  long first;
  long last;
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;
  boolean inOrder = true;

  void add(CanFrame f) {
    String name = f.bus == null ? "" : f.bus;
    Bus bus = buses.get(name);
    if (bus == null) {
      bus = new Bus(buses.size());
      buses.put(name, bus);
    }
    bus.frames++;
    long t = f.timestampNs;
    if (frames == 0) {
      first = t;
    } else if (t < last) {
      inOrder = false;
    }
    last = t;
    min = Math.min(min, t);
    max = Math.max(max, t);
    frames++;
    if (f.direction == Direction.TX) {
      tx++;
    }
    switch (f.kind) {
      case REMOTE -> remote++;
      case ERROR -> error++;
      case LIN -> lin++;
      case DATA -> {}
    }
    if (f.fd) {
      fd++;
    }
    if (f.kind != FrameKind.ERROR) {
      if (f.extended) {
        extended++;
      }
      long id = (f.extended ? 1L << 31 : 0) | (f.id & 0x7FFFFFFFL);
      ids.add(id);
      busIds.add(id | (long) bus.index << 40);
    }
  }

  /** The counts as a JSON-ready map (distinct IDs count IDE+ID, over data and remote frames). */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frames", frames);
    Map<String, Long> perBus = new TreeMap<>();
    buses.forEach((k, v) -> perBus.put(k, v.frames));
    m.put("buses", perBus);
    m.put("distinct_ids", ids.size());
    m.put("distinct_bus_ids", busIds.size());
    m.put("tx_frames", tx);
    m.put("extended_frames", extended);
    m.put("fd_frames", fd);
    m.put("remote_frames", remote);
    m.put("error_frames", error);
    m.put("lin_frames", lin);
    if (frames > 0) {
      m.put("first_ns", first);
      m.put("last_ns", last);
      m.put("first", iso(first));
      m.put("last", iso(last));
      m.put("in_order", inOrder);
      if (!inOrder) {
        m.put("min_ns", min);
        m.put("max_ns", max);
        m.put("min", iso(min));
        m.put("max", iso(max));
      }
    }
    return m;
  }

  private static String iso(long ns) {
    return Instant.ofEpochSecond(
            Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
        .toString();
  }
}
