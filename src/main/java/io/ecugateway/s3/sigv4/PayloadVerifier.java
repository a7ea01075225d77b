package io.ecugateway.s3.sigv4;

/**
 * Checks a request body as it streams in, against what its authenticated headers declare, and
 * passes the payload on to a {@link PayloadSink}: the body itself for a plain body, the decoded
 * payload for an aws-chunked one. Push-based and bounded in memory: feed the body in whatever
 * fragments the network delivers, then call {@link #finish()}.
 *
 * <p>Bytes reach the sink before the body is proven (a chunk's signature follows its data, a
 * checksum follows the whole body): nothing the sink received counts until {@code finish()} returns
 * normally. After an exception (from it or from the sink) the verifier is spent: answer the error
 * and discard the body. Not thread-safe: one instance per request, fed from one thread at a time.
 */
public interface PayloadVerifier {
  /**
   * @throws SigV4Exception as soon as the bytes seen so far are wrong (a chunk signature, framing)
   */
  void feed(byte[] data, int offset, int length);

  /**
   * Ends the body.
   *
   * @return the number of payload bytes passed to the sink
   * @throws SigV4Exception when the body is incomplete or does not match what was declared
   */
  long finish();

  /**
   * The verifier for a request's body: an {@link AwsChunkedDecoder} for the aws-chunked modes, else
   * one that hashes the body when its SHA-256 was signed. Both check {@code Content-MD5} and {@code
   * x-amz-checksum-*} headers over the payload.
   *
   * @throws SigV4Exception when a declared digest is malformed
   */
  static PayloadVerifier open(
      Authenticated authenticated, SignedRequest request, PayloadSink sink) {
    return open(authenticated, request, sink, true);
  }

  /**
   * As {@link #open(Authenticated, SignedRequest, PayloadSink)}; with {@code
   * checksumHeadersDescribeBody} false, {@code x-amz-checksum-*} headers are left to the caller: on
   * {@code CompleteMultipartUpload} they carry the whole object's (composite) checksum, not the XML
   * body's. {@code Content-MD5} and the signed SHA-256 are always the body's.
   */
  static PayloadVerifier open(
      Authenticated authenticated,
      SignedRequest request,
      PayloadSink sink,
      boolean checksumHeadersDescribeBody) {
    if (authenticated.mode().chunked()) {
      return new AwsChunkedDecoder(authenticated, request, sink, checksumHeadersDescribeBody);
    }
    return new SinglePayloadVerifier(authenticated, request, sink, checksumHeadersDescribeBody);
  }
}
