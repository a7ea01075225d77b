package io.ecugateway.s3.sigv4;

/**
 * The S3 error codes authentication and payload verification answer with, and their HTTP status.
 */
public enum SigV4Error {
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
  INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
  REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
  /**
   * Anonymous request, expired presigned URL, or {@code x-amz-*} headers the client left unsigned.
   */
  ACCESS_DENIED("AccessDenied", 403),
  AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400),
  AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400),
  MISSING_SECURITY_HEADER("MissingSecurityHeader", 400),
  X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400),
  /** A {@code Content-MD5} or {@code x-amz-checksum-*} value does not match the body. */
  BAD_DIGEST("BadDigest", 400),
  /** A {@code Content-MD5} value that is not the base64 of 16 bytes. */
  INVALID_DIGEST("InvalidDigest", 400),
  /** The body ended before what its headers or its aws-chunked framing announced. */
  INCOMPLETE_BODY("IncompleteBody", 400),
  INVALID_ARGUMENT("InvalidArgument", 400),
  /** Malformed aws-chunked framing, unsupported algorithm, and other protocol violations. */
  INVALID_REQUEST("InvalidRequest", 400);

  private final String code;
  private final int status;

  SigV4Error(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /** The S3 error code, as in the {@code <Code>} element of an S3 error response. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return status;
  }
}
