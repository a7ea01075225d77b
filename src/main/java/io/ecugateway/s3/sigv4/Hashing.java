package io.ecugateway.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256, HMAC-SHA256 and lowercase hex, as SigV4 uses them. */
final class Hashing {
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Hashing() {}

  static MessageDigest sha256() {
    return digest("SHA-256");
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }

  static String sha256Hex(byte[] data) {
    return hex(sha256().digest(data));
  }

  static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    return hmac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    hexInto(bytes, bytes.length, out);
    return new String(out, StandardCharsets.US_ASCII);
  }

  /** Writes the lowercase hex of {@code bytes[0..length)} into {@code out} without allocating. */
  static void hexInto(byte[] bytes, int length, byte[] out) {
    for (int i = 0; i < length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
  }

  /** Whether {@code s} is 64 lowercase hex digits, the form of a SHA-256 or a signature. */
  static boolean isLowerHex64(CharSequence s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Constant-time comparison of two ASCII strings (signatures). */
  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
