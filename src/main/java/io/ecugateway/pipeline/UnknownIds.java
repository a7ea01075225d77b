package io.ecugateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts frames no DBC describes and remembers their distinct (bus, id) pairs in an open-addressing
 * set of longs: no allocation per frame, memory bounded by {@link #MAX_TRACKED} entries.
 */
public final class UnknownIds {
  static final int MAX_TRACKED = 4096;

  private final List<String> buses = new ArrayList<>();
  private long[] keys = new long[256];
  private int size;
  private long frames;
  private String lastBus;
  private int lastBusIndex;

  public void add(String bus, int id, boolean extended) {
    frames++;
    if (size >= MAX_TRACKED) {
      return;
    }
    if (bus != lastBus) {
      lastBus = bus;
      int i = buses.indexOf(bus);
      if (i < 0) {
        buses.add(bus);
        i = buses.size() - 1;
      }
      lastBusIndex = i;
    }
    long key = ((long) (lastBusIndex + 1) << 33) | (extended ? 1L << 32 : 0) | (id & 0xFFFF_FFFFL);
    int mask = keys.length - 1;
    int slot = (int) (mix(key) & mask);
    while (keys[slot] != 0) {
      if (keys[slot] == key) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  private void grow() {
    long[] old = keys;
    keys = new long[old.length * 2];
    int mask = keys.length - 1;
    for (long k : old) {
      if (k != 0) {
        int slot = (int) (mix(k) & mask);
        while (keys[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = k;
      }
    }
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    return k ^ (k >>> 33);
  }

  public long frames() {
    return frames;
  }

  /** {@code can1:0x7E8}, {@code can2:0x18FEF100x} (x = extended), sorted, at most {@code max}. */
  public List<String> list(int max) {
    List<long[]> entries = new ArrayList<>();
    for (long k : keys) {
      if (k != 0) {
        entries.add(new long[] {k});
      }
    }
    entries.sort((a, b) -> Long.compare(a[0], b[0]));
    List<String> out = new ArrayList<>();
    for (long[] e : entries) {
      if (out.size() >= max) {
        break;
      }
      long k = e[0];
      String bus = buses.get((int) (k >>> 33) - 1);
      boolean ext = (k & (1L << 32)) != 0;
      out.add(
          bus
              + ":0x"
              + Long.toHexString(k & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT)
              + (ext ? "x" : ""));
    }
    return out;
  }
}
