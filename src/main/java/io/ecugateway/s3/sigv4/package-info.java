/**
 * AWS Signature Version 4 for the S3 endpoint, without Vert.x: who signed a request and whether its
 * body is what was signed.
 *
 * <p>Use: one {@link io.ecugateway.s3.sigv4.SigV4Verifier} per endpoint, built with a {@link
 * io.ecugateway.s3.sigv4.CredentialLookup} (access key → secret). Per request:
 *
 * <ol>
 *   <li>{@code SigV4Verifier.verify(new SignedRequest(method, rawPath, rawQuery, headers, now))}
 *       checks the {@code Authorization: AWS4-HMAC-SHA256 ...} header or the presigned query
 *       ({@code X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders/Signature}): canonical
 *       request per SigV4 for S3, 15 minutes of clock skew, presigned URLs valid at most 7 days,
 *       every {@code x-amz-*} header signed, constant-time comparison. It returns {@link
 *       io.ecugateway.s3.sigv4.Authenticated} (access key, region, {@link
 *       io.ecugateway.s3.sigv4.PayloadMode}, whether presigned). Which buckets and keys the access
 *       key may touch is the endpoint's decision.
 *   <li>{@code PayloadVerifier.open(authenticated, request, sink)} gives the body verifier: feed
 *       the body as it arrives, call {@code finish()} before acknowledging anything. For a signed
 *       payload it compares the SHA-256; for aws-chunked bodies ({@link
 *       io.ecugateway.s3.sigv4.AwsChunkedDecoder}) it decodes, checks every chunk signature, the
 *       trailer checksum and signature, and {@code x-amz-decoded-content-length}; in all modes it
 *       checks {@code Content-MD5} and {@code x-amz-checksum-*} headers.
 * </ol>
 *
 * Failures are {@link io.ecugateway.s3.sigv4.SigV4Exception}s carrying the S3 error code and HTTP
 * status ({@link io.ecugateway.s3.sigv4.SigV4Error}); messages never contain a secret.
 */
package io.ecugateway.s3.sigv4;
