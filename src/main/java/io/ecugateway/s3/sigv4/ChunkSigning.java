package io.ecugateway.s3.sigv4;

/**
 * What the chunk signatures of a {@link PayloadMode#STREAMING_SIGNED} body chain from: the signing
 * key, timestamp and scope of the request, and its (seed) signature. Opaque outside this package.
 */
public final class ChunkSigning {
  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private final String seedSignature;

  ChunkSigning(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey.clone();
    this.amzDate = amzDate;
    this.scope = scope;
    this.seedSignature = seedSignature;
  }

  byte[] signingKey() {
    return signingKey.clone();
  }

  String amzDate() {
    return amzDate;
  }

  String scope() {
    return scope;
  }

  String seedSignature() {
    return seedSignature;
  }

  @Override
  public String toString() {
    return "ChunkSigning[" + amzDate + " " + scope + "]";
  }
}
