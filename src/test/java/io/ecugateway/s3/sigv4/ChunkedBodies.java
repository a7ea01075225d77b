package io.ecugateway.s3.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds aws-chunked bodies for tests, signing chunks with plain JDK crypto (not the code under
 * test); {@code AwsChunkedDecoderTest} checks that it reproduces AWS's published example bytes.
 */
public final class ChunkedBodies {
  static final String DATE = "20130524T000000Z";
  static final String SCOPE = "20130524/us-east-1/s3/aws4_request";

  private ChunkedBodies() {}

  public static byte[] signingKey(String secret) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), "20130524");
    key = hmac(key, "us-east-1");
    key = hmac(key, "s3");
    return hmac(key, "aws4_request");
  }

  /**
   * @param trailer null, or a trailer line's content ({@code x-amz-checksum-crc32:AAAAAA==})
   */
  public static byte[] signed(
      byte[] key, String seed, byte[] payload, int chunkSize, String trailer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String previous = seed;
    int offset = 0;
    while (true) {
      int length = Math.min(chunkSize, payload.length - offset);
      String signature =
          hex(
              hmac(
                  key,
                  "AWS4-HMAC-SHA256-PAYLOAD\n"
                      + DATE
                      + "\n"
                      + SCOPE
                      + "\n"
                      + previous
                      + "\n"
                      + sha256Hex(new byte[0])
                      + "\n"
                      + sha256Hex(slice(payload, offset, length))));
      ascii(out, Integer.toHexString(length) + ";chunk-signature=" + signature + "\r\n");
      out.write(payload, offset, length);
      previous = signature;
      offset += length;
      if (length == 0) {
        break;
      }
      ascii(out, "\r\n");
    }
    if (trailer == null) {
      ascii(out, "\r\n");
    } else {
      String canonical = trailer + "\n";
      String signature =
          hex(
              hmac(
                  key,
                  "AWS4-HMAC-SHA256-TRAILER\n"
                      + DATE
                      + "\n"
                      + SCOPE
                      + "\n"
                      + previous
                      + "\n"
                      + sha256Hex(canonical.getBytes(StandardCharsets.US_ASCII))));
      ascii(out, trailer + "\r\nx-amz-trailer-signature:" + signature + "\r\n\r\n");
    }
    return out.toByteArray();
  }

  public static byte[] unsignedWithTrailer(byte[] payload, int chunkSize, String trailer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int offset = 0; offset < payload.length; offset += chunkSize) {
      int length = Math.min(chunkSize, payload.length - offset);
      ascii(out, Integer.toHexString(length) + "\r\n");
      out.write(payload, offset, length);
      ascii(out, "\r\n");
    }
    ascii(out, "0\r\n" + trailer + "\r\n\r\n");
    return out.toByteArray();
  }

  private static byte[] slice(byte[] data, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(data, offset, out, 0, length);
    return out;
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }
}
