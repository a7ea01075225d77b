package io.ecugateway.s3;

/**
 * A request S3 answers with an error document ({@code <Error><Code>…}): the HTTP status, the S3
 * error code clients switch on, and a message for people. Messages never name server paths.
 */
public final class S3Exception extends RuntimeException {
  private final int status;
  private final String code;

  public S3Exception(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static S3Exception noSuchBucket(String bucket) {
    return new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
  }

  static S3Exception noSuchKey(String key) {
    return new S3Exception(404, "NoSuchKey", "The specified key does not exist: " + key);
  }

  static S3Exception accessDenied(String why) {
    return new S3Exception(403, "AccessDenied", why);
  }

  static S3Exception invalidArgument(String why) {
    return new S3Exception(400, "InvalidArgument", why);
  }

  static S3Exception tooLarge(long max) {
    return new S3Exception(
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size (s3.maxObjectBytes = " + max + ")");
  }
}
