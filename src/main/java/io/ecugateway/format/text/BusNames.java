package io.ecugateway.format.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns bus names read from text logs so that a frame's {@code bus} is the same String instance
 * for every line naming the same interface: no String per line, and consumers can compare or key on
 * it cheaply. Bounded: past {@link #CAPACITY} distinct names, new ones are created per lookup.
 */
public final class BusNames {
  static final int CAPACITY = 64;

  private final byte[][] keys = new byte[CAPACITY][];
  private final String[] names = new String[CAPACITY];
  private final String[] channels = new String[CAPACITY];
  private int size;

  /** The name spelled by {@code b[start, end)} (ASCII). */
  public String get(byte[] b, int start, int end) {
    int len = end - start;
    for (int i = 0; i < size; i++) {
      byte[] k = keys[i];
      if (k.length == len && sameBytes(k, b, start)) {
        return names[i];
      }
    }
    String name = new String(b, start, len, StandardCharsets.ISO_8859_1);
    if (size < CAPACITY) {
      keys[size] = Arrays.copyOfRange(b, start, end);
      names[size++] = name;
    }
    return name;
  }

  /** A plain loop: names are a few bytes, shorter than what a vectorised compare pays off for. */
  private static boolean sameBytes(byte[] key, byte[] b, int start) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] != b[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code can<n>} for a numbered channel (ASC, TRC, CSV), matching the MDF bus naming. */
  public String channel(int n) {
    if (n >= 0 && n < CAPACITY) {
      String s = channels[n];
      if (s == null) {
        s = channels[n] = "can" + n;
      }
      return s;
    }
    return "can" + n;
  }
}
