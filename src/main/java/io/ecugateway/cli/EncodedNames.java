package io.ecugateway.cli;

import io.ecugateway.decode.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.function.Function;

/**
 * Per-message byte encodings (JSON keys, CSV cells) computed on first use and reused, so writing a
 * frame copies bytes instead of encoding strings. Keyed by codec identity (several decoders may be
 * in use, one per bus); a slot per {@link MessageCodec#index()} answers the usual case without
 * hashing.
 */
final class EncodedNames<T> {
  private static final int SLOTS = 4096;

  private final IdentityHashMap<MessageCodec, T> cache = new IdentityHashMap<>();
  private final Function<MessageCodec, T> encoder;
  private final MessageCodec[] slotCodecs = new MessageCodec[SLOTS];
  private final Object[] slotValues = new Object[SLOTS];

  EncodedNames(Function<MessageCodec, T> encoder) {
    this.encoder = encoder;
  }

  @SuppressWarnings("unchecked")
  T get(MessageCodec codec) {
    int slot = codec.index() & (SLOTS - 1);
    if (slotCodecs[slot] != codec) {
      slotValues[slot] = cache.computeIfAbsent(codec, encoder);
      slotCodecs[slot] = codec;
    }
    return (T) slotValues[slot];
  }

  static byte[] jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] csvCell(String s) {
    boolean quote =
        s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    String cell = quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    return cell.getBytes(StandardCharsets.UTF_8);
  }
}
