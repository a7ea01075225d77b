package io.ecugateway.decode;

/** Open-addressing map from a non-negative int key to a codec; no boxing on lookup. */
final class CodecTable {
  private final int[] keys;
  private final MessageCodec[] values;
  private final int mask;
  private int size;

  CodecTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1) * 2 - 1);
    keys = new int[cap];
    values = new MessageCodec[cap];
    mask = cap - 1;
    java.util.Arrays.fill(keys, -1);
  }

  /** Inserts or replaces; returns the codec replaced, or null. */
  MessageCodec put(int key, MessageCodec codec) {
    int i = mix(key) & mask;
    while (keys[i] != -1 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    MessageCodec old = values[i];
    if (old == null) {
      size++;
    }
    keys[i] = key;
    values[i] = codec;
    return old;
  }

  boolean isEmpty() {
    return size == 0;
  }

  MessageCodec get(int key) {
    int i = mix(key) & mask;
    int k;
    while ((k = keys[i]) != -1) {
      if (k == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private static int mix(int k) {
    int h = k * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
