package io.ecugateway.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Maps S3 object keys to files and back, so no key can name a file outside its bucket: the key is
 * split at {@code /} and each segment becomes one directory or file name in which only {@code A-Z
 * a-z 0-9 _ - .} stay as they are; every other byte (of the UTF-8 key) is written {@code %XX}, and
 * so is a leading {@code .} (no segment is {@code .} or {@code ..}). An empty segment (a key {@code
 * a//b} or {@code dir/}) is {@code %}. Encoded segments never contain {@code ~}: the store marks
 * its own files with it ({@code name~obj}, {@code name~meta}), so an object and a "directory" of
 * the same name ({@code a} and {@code a/b}) live side by side.
 */
final class ObjectKeys {
  /** S3's limit on a key, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;

  /** Longest encoded segment: a file name is at most 255 bytes and the store adds a suffix. */
  static final int MAX_SEGMENT_CHARS = 240;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ObjectKeys() {}

  /**
   * The path of {@code key} under {@code bucketDir}, without the store's suffix.
   *
   * @throws S3Exception the key is empty, too long, or holds a NUL
   */
  static Path resolve(Path bucketDir, String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0) {
      throw S3Exception.invalidArgument("empty object key");
    }
    if (utf8.length > MAX_KEY_BYTES) {
      throw new S3Exception(400, "KeyTooLongError", "Your key is too long (over 1024 bytes)");
    }
    if (key.indexOf('\0') >= 0) {
      throw S3Exception.invalidArgument("object key holds a NUL character");
    }
    Path p = bucketDir;
    for (String segment : key.split("/", -1)) {
      p = p.resolve(encodeSegment(segment));
    }
    return p;
  }

  /** One segment as a file name. */
  static String encodeSegment(String segment) {
    if (segment.isEmpty()) {
      return "%";
    }
    StringBuilder out = new StringBuilder(segment.length());
    byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean plain =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '_'
              || b == '-'
              || (b == '.' && i > 0);
      if (plain) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    if (out.length() > MAX_SEGMENT_CHARS) {
      throw new S3Exception(
          400, "KeyTooLongError", "a part of your key between '/' is too long for this store");
    }
    return out.toString();
  }

  /** The segment a file name encodes ({@link #encodeSegment} reversed). */
  static String decodeSegment(String name) {
    if (name.equals("%")) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && i + 2 < name.length()) {
        out.write(Integer.parseInt(name, i + 1, i + 3, 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
