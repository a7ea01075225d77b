package io.ecugateway.cli;

/**
 * An open-addressing set of longs: counting distinct IDs over millions of frames without boxing.
 * Never contains {@link #EMPTY}; keys must differ from it.
 */
final class LongHashSet {
  private static final long EMPTY = Long.MIN_VALUE;

  private long[] slots = new long[256];
  private int size;

  LongHashSet() {
    java.util.Arrays.fill(slots, EMPTY);
  }

  /** Adds {@code key}; true if it was not present. */
  boolean add(long key) {
    int mask = slots.length - 1;
    int i = mix(key) & mask;
    while (slots[i] != EMPTY) {
      if (slots[i] == key) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = key;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    java.util.Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (long k : old) {
      if (k != EMPTY) {
        int i = mix(k) & mask;
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        slots[i] = k;
      }
    }
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
