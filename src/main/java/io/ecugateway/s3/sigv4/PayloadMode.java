package io.ecugateway.s3.sigv4;

/** How the request body is protected, from the {@code x-amz-content-sha256} value. */
public enum PayloadMode {
  /** The hex SHA-256 of the whole body was signed; the body must hash to it. */
  SIGNED("<sha256 hex>", false),
  /** {@code UNSIGNED-PAYLOAD}: the body is not covered by the signature. */
  UNSIGNED("UNSIGNED-PAYLOAD", false),
  /** aws-chunked body, every chunk signed in a chain started by the request signature. */
  STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", true),
  /** aws-chunked body with signed chunks and a signed trailer carrying a checksum. */
  STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true),
  /** aws-chunked body, chunks unsigned, a trailer carrying a checksum. */
  STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER", true);

  private final String headerValue;
  private final boolean chunked;

  PayloadMode(String headerValue, boolean chunked) {
    this.headerValue = headerValue;
    this.chunked = chunked;
  }

  /** The {@code x-amz-content-sha256} value that selects this mode. */
  public String headerValue() {
    return headerValue;
  }

  /** Whether the body is aws-chunked framing (decode it with {@link AwsChunkedDecoder}). */
  public boolean chunked() {
    return chunked;
  }

  boolean signedChunks() {
    return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
  }

  boolean hasTrailer() {
    return this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
  }

  /** The mode named by a non-hash {@code x-amz-content-sha256} value, or null. */
  static PayloadMode ofKeyword(String value) {
    for (PayloadMode mode : values()) {
      if (mode != SIGNED && mode.headerValue.equals(value)) {
        return mode;
      }
    }
    return null;
  }
}
