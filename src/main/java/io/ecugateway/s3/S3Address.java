package io.ecugateway.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The bucket and key a request names, path-style ({@code /bucket/key}) or virtual-hosted-style
 * ({@code Host: bucket.endpoint}, {@code /key}). Virtual-hosted-style is recognised only for
 * configured buckets, so an endpoint reached by a name that happens to start with a bucket name and
 * a dot is the one case to avoid.
 *
 * @param bucket the bucket, or null for the service ({@code GET /}: ListBuckets)
 * @param key the decoded key, or null for the bucket itself
 */
record S3Address(String bucket, String key) {
  /**
   * @param rawPath the path as sent (percent-encoded)
   * @param host the Host header (may carry a port), or null
   * @throws S3Exception the path is not decodable
   */
  static S3Address of(String rawPath, String host, List<String> buckets) {
    String virtual = virtualHostBucket(host, buckets);
    String path = decode(rawPath.startsWith("/") ? rawPath.substring(1) : rawPath);
    if (virtual != null) {
      return new S3Address(virtual, path.isEmpty() ? null : path);
    }
    if (path.isEmpty()) {
      return new S3Address(null, null);
    }
    int slash = path.indexOf('/');
    if (slash < 0 || slash == path.length() - 1) {
      return new S3Address(slash < 0 ? path : path.substring(0, slash), null);
    }
    return new S3Address(path.substring(0, slash), path.substring(slash + 1));
  }

  private static String virtualHostBucket(String host, List<String> buckets) {
    if (host == null) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && h.indexOf(']') < colon) {
      h = h.substring(0, colon);
    }
    for (String bucket : buckets) {
      if (h.startsWith(bucket + ".") && h.length() > bucket.length() + 1) {
        return bucket;
      }
    }
    return null;
  }

  /** Percent-decoding as S3 does it for paths: UTF-8, and {@code +} stays a plus. */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw S3Exception.invalidArgument("malformed percent-encoding in the path");
        }
        try {
          out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
        } catch (NumberFormatException e) {
          throw S3Exception.invalidArgument("malformed percent-encoding in the path");
        }
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
