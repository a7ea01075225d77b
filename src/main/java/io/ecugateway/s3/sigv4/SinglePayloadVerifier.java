package io.ecugateway.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A body sent as is: its length, its signed SHA-256 (if any) and its declared digests. */
final class SinglePayloadVerifier implements PayloadVerifier {
  private final PayloadSink sink;
  private final MessageDigest sha256;
  private final String declaredSha256;
  private final ContentChecks contentChecks;
  private final long contentLength;
  private long length;

  SinglePayloadVerifier(
      Authenticated authenticated,
      SignedRequest request,
      PayloadSink sink,
      boolean checksumHeadersDescribeBody) {
    this.sink = sink;
    this.declaredSha256 = authenticated.declaredSha256OrNull();
    this.sha256 = declaredSha256 == null ? null : Hashing.sha256();
    this.contentChecks = ContentChecks.of(request, checksumHeadersDescribeBody);
    this.contentLength = contentLength(request.header("Content-Length"));
  }

  @Override
  public void feed(byte[] data, int offset, int count) {
    length += count;
    if (contentLength >= 0 && length > contentLength) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "the body is longer than its Content-Length " + contentLength);
    }
    if (sha256 != null) {
      sha256.update(data, offset, count);
    }
    contentChecks.update(data, offset, count);
    sink.accept(data, offset, count);
  }

  @Override
  public long finish() {
    if (contentLength >= 0 && length < contentLength) {
      throw new SigV4Exception(
          SigV4Error.INCOMPLETE_BODY,
          "the body ended after " + length + " of its Content-Length " + contentLength + " bytes");
    }
    if (sha256 != null) {
      byte[] computed = Hashing.hex(sha256.digest()).getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(computed, declaredSha256.getBytes(StandardCharsets.US_ASCII))) {
        throw new SigV4Exception(
            SigV4Error.X_AMZ_CONTENT_SHA256_MISMATCH,
            "the provided x-amz-content-sha256 does not match what was computed");
      }
    }
    contentChecks.finish();
    return length;
  }

  /** The declared Content-Length, or -1 when absent (HTTP chunked transfer) or not a number. */
  static long contentLength(String value) {
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.strip());
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
