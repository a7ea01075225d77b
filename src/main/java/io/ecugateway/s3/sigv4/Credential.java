package io.ecugateway.s3.sigv4;

/**
 * The {@code Credential} of a signature: {@code <access
 * key>/<yyyyMMdd>/<region>/<service>/aws4_request}.
 */
record Credential(String accessKey, String date, String region, String service) {
  private static final String SERVICE = "s3";
  private static final String TERMINATOR = "aws4_request";

  /** Parses a credential, answering {@code malformed} for anything not shaped like one. */
  static Credential parse(String value, SigV4Error malformed) {
    String[] parts = value.split("/", -1);
    if (parts.length != 5 || parts[0].isEmpty() || !TERMINATOR.equals(parts[4])) {
      throw new SigV4Exception(
          malformed, "the credential must be <access key>/<date>/<region>/s3/aws4_request");
    }
    if (!parts[1].matches("\\d{8}")) {
      throw new SigV4Exception(malformed, "the credential date must be yyyyMMdd: " + parts[1]);
    }
    if (!SERVICE.equals(parts[3])) {
      throw new SigV4Exception(malformed, "the credential service must be s3, not " + parts[3]);
    }
    if (parts[2].isEmpty()) {
      throw new SigV4Exception(malformed, "the credential names no region");
    }
    return new Credential(parts[0], parts[1], parts[2], parts[3]);
  }

  String scope() {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }
}
