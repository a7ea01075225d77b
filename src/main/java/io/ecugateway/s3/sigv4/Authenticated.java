package io.ecugateway.s3.sigv4;

/**
 * A request whose signature checked out.
 *
 * @param accessKey the access key that signed it
 * @param region the region of its credential scope (any region is accepted; the endpoint may check)
 * @param service the service of its credential scope ({@code s3})
 * @param mode how its body is protected
 * @param declaredSha256OrNull for {@link PayloadMode#SIGNED}, the hex SHA-256 the body must have
 * @param chunkContextOrNull for signed aws-chunked modes, what the chunk signatures chain from
 * @param presigned whether it was signed in the query string (a presigned URL)
 */
public record Authenticated(
    String accessKey,
    String region,
    String service,
    PayloadMode mode,
    String declaredSha256OrNull,
    ChunkSigning chunkContextOrNull,
    boolean presigned) {}
