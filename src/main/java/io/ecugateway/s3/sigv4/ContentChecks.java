package io.ecugateway.s3.sigv4;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The digests a request declares in headers for its (decoded) body: {@code Content-MD5} and {@code
 * x-amz-checksum-<algorithm>}; each is computed while the body streams and compared at the end
 * ({@code BadDigest}). Malformed values are refused before any byte is read.
 */
final class ContentChecks {
  private record Check(String header, ChecksumAlgorithm.Running running, byte[] expected) {}

  private final List<Check> checks;

  private ContentChecks(List<Check> checks) {
    this.checks = checks;
  }

  /**
   * @param checksumHeaders whether {@code x-amz-checksum-*} headers are to be checked against the
   *     body (Content-MD5 always is)
   */
  static ContentChecks of(SignedRequest request, boolean checksumHeaders) {
    List<Check> checks = new ArrayList<>(2);
    String md5 = request.header("Content-MD5");
    if (md5 != null) {
      byte[] expected = decodeBase64(md5.strip(), 16);
      if (expected == null) {
        throw new SigV4Exception(
            SigV4Error.INVALID_DIGEST,
            "Content-MD5 must be the base64 of 16 bytes: " + md5.strip());
      }
      checks.add(
          new Check(
              "Content-MD5",
              new ChecksumAlgorithm.Running(null, Hashing.digest("MD5"), 16),
              expected));
    }
    if (checksumHeaders) {
      for (Map.Entry<String, String> header : request.headers()) {
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofHeader(header.getKey());
        if (algorithm != null) {
          checks.add(
              new Check(
                  algorithm.headerName(),
                  algorithm.start(),
                  expected(algorithm, header.getValue())));
        }
      }
    }
    return new ContentChecks(checks);
  }

  /** The bytes of a base64 checksum value, refusing values of the wrong shape. */
  static byte[] expected(ChecksumAlgorithm algorithm, String value) {
    byte[] expected = decodeBase64(value.strip(), algorithm.length());
    if (expected == null) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "value for " + algorithm.headerName() + " is invalid: " + value.strip());
    }
    return expected;
  }

  /** Compares a computed checksum with the declared one: {@code BadDigest} when they differ. */
  static void compare(String header, byte[] computed, byte[] expected) {
    if (!MessageDigest.isEqual(computed, expected)) {
      throw new SigV4Exception(
          SigV4Error.BAD_DIGEST,
          "the "
              + header.toLowerCase(Locale.ROOT)
              + " you specified ("
              + Base64.getEncoder().encodeToString(expected)
              + ") did not match the calculated checksum ("
              + Base64.getEncoder().encodeToString(computed)
              + ")");
    }
  }

  void update(byte[] data, int offset, int length) {
    for (int i = 0; i < checks.size(); i++) {
      checks.get(i).running().update(data, offset, length);
    }
  }

  void finish() {
    for (Check check : checks) {
      compare(check.header(), check.running().value(), check.expected());
    }
  }

  private static byte[] decodeBase64(String value, int length) {
    try {
      byte[] bytes = Base64.getDecoder().decode(value);
      return bytes.length == length ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
