package io.ecugateway.s3.sigv4;

/**
 * A request or body that fails authentication or verification: {@link #error()} gives the S3 error
 * code and HTTP status to answer with, the message says what was wrong (never a secret).
 */
public final class SigV4Exception extends RuntimeException {
  private final SigV4Error error;
  private final String canonicalRequest;

  public SigV4Exception(SigV4Error error, String message) {
    this(error, message, null);
  }

  SigV4Exception(SigV4Error error, String message, String canonicalRequest) {
    super(message, null, false, false);
    this.error = error;
    this.canonicalRequest = canonicalRequest;
  }

  public SigV4Error error() {
    return error;
  }

  /**
   * For {@link SigV4Error#SIGNATURE_DOES_NOT_MATCH} of a request: the canonical request the server
   * computed (AWS returns it too, so a client author can find the difference), else {@code null}.
   */
  public String canonicalRequest() {
    return canonicalRequest;
  }
}
