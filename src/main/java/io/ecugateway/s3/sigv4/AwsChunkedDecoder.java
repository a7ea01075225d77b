package io.ecugateway.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;

/**
 * Decodes an aws-chunked body ({@code Content-Encoding: aws-chunked}) pushed in arbitrary
 * fragments, passing the payload to a {@link PayloadSink} and verifying on the way: every chunk
 * signature, chained from the request's seed signature ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}
 * and its {@code -TRAILER} variant); the trailing {@code x-amz-checksum-*} announced by {@code
 * x-amz-trailer} and, when signed, its {@code x-amz-trailer-signature}; the total against {@code
 * x-amz-decoded-content-length}; {@code Content-MD5}/{@code x-amz-checksum-*} headers.
 *
 * <pre>
 * 10000;chunk-signature=&lt;64 hex&gt;\r\n &lt;65536 bytes&gt; \r\n
 * 0;chunk-signature=&lt;64 hex&gt;\r\n
 * \r\n                                    (no trailer), or trailer lines:
 * x-amz-checksum-crc32c:sOO8/Q==\r\n
 * x-amz-trailer-signature:&lt;64 hex&gt;\r\n
 * \r\n
 * </pre>
 *
 * Unsigned-trailer bodies have bare hex sizes. Memory is bounded (a line buffer of {@link
 * #MAX_LINE} bytes, at most {@link #MAX_TRAILER_LINES} trailer lines); payload bytes are passed on
 * as slices of the fed array and nothing is allocated per byte. Any malformed, truncated or wrongly
 * signed body ends in a {@link SigV4Exception} naming the wire offset.
 */
public final class AwsChunkedDecoder implements PayloadVerifier {
  /** Longest chunk-size or trailer line accepted, CRLF included. */
  public static final int MAX_LINE = 512;

  /** Most trailer lines accepted (a checksum and a signature are what clients send). */
  public static final int MAX_TRAILER_LINES = 4;

  private static final byte[] EMPTY_HASH_LINE =
      ("\n" + Hashing.EMPTY_SHA256 + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final String SIGNATURE_EXTENSION = ";chunk-signature=";
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private enum State {
    SIZE_LINE("a chunk-size line"),
    DATA("chunk data"),
    DATA_CR("the CR after chunk data"),
    DATA_LF("the LF after chunk data"),
    FINAL_CR("the CR ending the body"),
    FINAL_LF("the LF ending the body"),
    TRAILER_LINE("a trailer line"),
    DONE("nothing");

    private final String expecting;

    State(String expecting) {
      this.expecting = expecting;
    }
  }

  private final PayloadMode mode;
  private final PayloadSink sink;
  private final ContentChecks contentChecks;
  private final long declaredLength;
  private final ChecksumAlgorithm trailerAlgorithm;
  private final ChecksumAlgorithm.Running trailerChecksum;

  private final Mac mac;
  private final MessageDigest chunkDigest;
  private final byte[] chunkPrefix;
  private final byte[] trailerPrefix;
  private final byte[] previousSignature = new byte[64];
  private final byte[] claimedSignature = new byte[64];
  private final byte[] digestOut = new byte[32];
  private final byte[] hexOut = new byte[64];

  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private State state = State.SIZE_LINE;
  private long offset;
  private long chunkRemaining;
  private long decoded;
  private int chunkIndex;
  private int trailerLines;
  private boolean blankLineSkipped;
  private String trailerValue;
  private final StringBuilder trailerCanonical = new StringBuilder();
  private boolean trailerSigned;

  /**
   * @throws SigV4Exception when the headers describing the body are malformed
   */
  public AwsChunkedDecoder(Authenticated authenticated, SignedRequest request, PayloadSink sink) {
    this(authenticated, request, sink, true);
  }

  /**
   * @param checksumHeadersDescribeBody false where {@code x-amz-checksum-*} headers describe
   *     something else than this body (see {@link PayloadVerifier#open(Authenticated,
   *     SignedRequest, PayloadSink, boolean)})
   */
  public AwsChunkedDecoder(
      Authenticated authenticated,
      SignedRequest request,
      PayloadSink sink,
      boolean checksumHeadersDescribeBody) {
    this.mode = authenticated.mode();
    if (!mode.chunked()) {
      throw new IllegalArgumentException("not an aws-chunked payload mode: " + mode);
    }
    this.sink = sink;
    this.contentChecks = ContentChecks.of(request, checksumHeadersDescribeBody);
    this.declaredLength = decodedLength(request.header("x-amz-decoded-content-length"));
    this.trailerAlgorithm =
        mode.hasTrailer() ? trailerAlgorithm(request.header("x-amz-trailer")) : null;
    this.trailerChecksum = trailerAlgorithm == null ? null : trailerAlgorithm.start();
    ChunkSigning signing = authenticated.chunkContextOrNull();
    if (mode.signedChunks()) {
      if (signing == null) {
        throw new IllegalArgumentException("a signed aws-chunked mode needs its ChunkSigning");
      }
      mac = Hashing.hmac(signing.signingKey());
      chunkDigest = Hashing.sha256();
      String context = signing.amzDate() + "\n" + signing.scope() + "\n";
      chunkPrefix = ("AWS4-HMAC-SHA256-PAYLOAD\n" + context).getBytes(StandardCharsets.US_ASCII);
      trailerPrefix = ("AWS4-HMAC-SHA256-TRAILER\n" + context).getBytes(StandardCharsets.US_ASCII);
      byte[] seed = signing.seedSignature().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(seed, 0, previousSignature, 0, 64);
    } else {
      mac = null;
      chunkDigest = null;
      chunkPrefix = null;
      trailerPrefix = null;
    }
  }

  @Override
  public void feed(byte[] data, int from, int count) {
    int position = from;
    int end = from + count;
    while (position < end) {
      int consumed =
          switch (state) {
            case SIZE_LINE, TRAILER_LINE -> readLine(data, position, end);
            case DATA -> passData(data, position, end);
            case DATA_CR -> expect(data[position], '\r', State.DATA_LF);
            case DATA_LF -> expect(data[position], '\n', State.SIZE_LINE);
            case FINAL_CR -> expect(data[position], '\r', State.FINAL_LF);
            case FINAL_LF -> expect(data[position], '\n', State.DONE);
            case DONE -> throw malformed("unexpected bytes after the end of the aws-chunked body");
          };
      position += consumed;
      offset += consumed;
    }
  }

  @Override
  public long finish() {
    if (state == State.TRAILER_LINE && lineLength == 0 && trailerComplete()) {
      state = State.DONE; // the final empty line is optional after a complete trailer
    }
    if (state != State.DONE) {
      throw new SigV4Exception(
          SigV4Error.INCOMPLETE_BODY,
          "the aws-chunked body ended at offset " + offset + " while expecting " + state.expecting);
    }
    if (mode.signedChunks() && mode.hasTrailer() && !trailerSigned) {
      throw new SigV4Exception(
          SigV4Error.INCOMPLETE_BODY, "the body ended without its x-amz-trailer-signature");
    }
    if (trailerAlgorithm != null) {
      if (trailerValue == null) {
        throw new SigV4Exception(
            SigV4Error.INCOMPLETE_BODY,
            "the body ended without its " + trailerAlgorithm.headerName() + " trailer");
      }
      ContentChecks.compare(
          trailerAlgorithm.headerName(),
          trailerChecksum.value(),
          ContentChecks.expected(trailerAlgorithm, trailerValue));
    }
    if (declaredLength >= 0 && decoded != declaredLength) {
      throw new SigV4Exception(
          SigV4Error.INCOMPLETE_BODY,
          "the body carried "
              + decoded
              + " bytes, x-amz-decoded-content-length says "
              + declaredLength);
    }
    contentChecks.finish();
    return decoded;
  }

  private boolean trailerComplete() {
    return (trailerAlgorithm == null || trailerValue != null)
        && (!mode.signedChunks() || trailerSigned);
  }

  private int readLine(byte[] data, int position, int end) {
    int newline = position;
    while (newline < end && data[newline] != '\n') {
      newline++;
    }
    int length = newline - position + (newline < end ? 1 : 0);
    if (lineLength + length > MAX_LINE) {
      throw malformed("a line longer than " + MAX_LINE + " bytes");
    }
    System.arraycopy(data, position, line, lineLength, length);
    lineLength += length;
    if (newline < end) {
      if (lineLength < 2 || line[lineLength - 2] != '\r') {
        throw malformed("a line not ended by CRLF");
      }
      int content = lineLength - 2;
      lineLength = 0;
      if (state == State.SIZE_LINE) {
        chunkHeader(content);
      } else {
        trailerLine(content);
      }
    }
    return length;
  }

  private void chunkHeader(int length) {
    long size = 0;
    int i = 0;
    while (i < length && i < 16 && hexValue(line[i]) >= 0) {
      size = size << 4 | hexValue(line[i]);
      i++;
    }
    if (i == 0 || i > 15) {
      throw malformed("a chunk size of 1 to 15 hex digits");
    }
    if (mode.signedChunks()) {
      readChunkSignature(i, length);
    } else if (i < length && line[i] != ';') {
      throw malformed("a chunk size in hex, optionally followed by ';' extensions");
    }
    if (declaredLength >= 0 && decoded + size > declaredLength) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "chunk " + chunkIndex + " goes beyond x-amz-decoded-content-length " + declaredLength);
    }
    if (size > 0) {
      chunkRemaining = size;
      state = State.DATA;
      return;
    }
    if (mode.signedChunks()) {
      verifyChunkSignature();
    }
    state = mode.hasTrailer() ? State.TRAILER_LINE : State.FINAL_CR;
  }

  private void readChunkSignature(int from, int length) {
    int signatureStart = from + SIGNATURE_EXTENSION.length();
    boolean shaped = length == signatureStart + 64;
    for (int i = 0; shaped && i < SIGNATURE_EXTENSION.length(); i++) {
      shaped = line[from + i] == SIGNATURE_EXTENSION.charAt(i);
    }
    for (int i = signatureStart; shaped && i < length; i++) {
      shaped = (line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'f');
    }
    if (!shaped) {
      throw malformed("a chunk header <hex size>;chunk-signature=<64 lowercase hex>");
    }
    System.arraycopy(line, signatureStart, claimedSignature, 0, 64);
  }

  private int passData(byte[] data, int position, int end) {
    int length = (int) Math.min(chunkRemaining, end - position);
    if (chunkDigest != null) {
      chunkDigest.update(data, position, length);
    }
    if (trailerChecksum != null) {
      trailerChecksum.update(data, position, length);
    }
    contentChecks.update(data, position, length);
    sink.accept(data, position, length);
    chunkRemaining -= length;
    decoded += length;
    if (chunkRemaining == 0) {
      if (mode.signedChunks()) {
        verifyChunkSignature();
      }
      state = State.DATA_CR;
    }
    return length;
  }

  /**
   * Checks the signature of the chunk just read: HMAC over the chain's previous signature and its
   * hash.
   */
  private void verifyChunkSignature() {
    try {
      chunkDigest.digest(digestOut, 0, 32);
      Hashing.hexInto(digestOut, 32, hexOut);
      mac.update(chunkPrefix);
      mac.update(previousSignature);
      mac.update(EMPTY_HASH_LINE);
      mac.update(hexOut);
      mac.doFinal(digestOut, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("32-byte buffers fit SHA-256 and HMAC-SHA256", e);
    }
    Hashing.hexInto(digestOut, 32, hexOut);
    if (!MessageDigest.isEqual(hexOut, claimedSignature)) {
      throw new SigV4Exception(
          SigV4Error.SIGNATURE_DOES_NOT_MATCH,
          "the signature of chunk "
              + chunkIndex
              + " (ending at offset "
              + offset
              + ") does not match");
    }
    System.arraycopy(claimedSignature, 0, previousSignature, 0, 64);
    chunkIndex++;
  }

  private void trailerLine(int length) {
    if (length == 0) {
      if (trailerLines == 0 && trailerAlgorithm != null && !blankLineSkipped) {
        blankLineSkipped =
            true; // some clients end the zero chunk with an empty line before the trailer
      } else {
        state = State.DONE;
      }
      return;
    }
    if (++trailerLines > MAX_TRAILER_LINES || trailerSigned) {
      throw malformed(
          "no trailer line after x-amz-trailer-signature and at most " + MAX_TRAILER_LINES);
    }
    String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw malformed("a trailer line <name>:<value>");
    }
    String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = text.substring(colon + 1).strip();
    if (name.equals(TRAILER_SIGNATURE)) {
      verifyTrailerSignature(value);
    } else if (trailerAlgorithm != null
        && trailerAlgorithm == ChecksumAlgorithm.ofHeader(name)
        && trailerValue == null) {
      trailerValue = value;
      trailerCanonical.append(name).append(':').append(value).append('\n');
    } else {
      throw malformed("only the trailer announced in x-amz-trailer, once (got " + name + ")");
    }
  }

  private void verifyTrailerSignature(String claimed) {
    if (!mode.signedChunks()) {
      throw malformed("no x-amz-trailer-signature in an unsigned-payload body");
    }
    byte[] trailerHash =
        Hashing.sha256Hex(trailerCanonical.toString().getBytes(StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.US_ASCII);
    mac.update(trailerPrefix);
    mac.update(previousSignature);
    mac.update((byte) '\n');
    String expected = Hashing.hex(mac.doFinal(trailerHash));
    if (!Hashing.constantTimeEquals(expected, claimed)) {
      throw new SigV4Exception(
          SigV4Error.SIGNATURE_DOES_NOT_MATCH,
          "the x-amz-trailer-signature (ending at offset " + offset + ") does not match");
    }
    trailerSigned = true;
  }

  private int expect(byte actual, char expected, State next) {
    if (actual != expected) {
      throw malformed(state.expecting);
    }
    state = next;
    return 1;
  }

  private SigV4Exception malformed(String expected) {
    return new SigV4Exception(
        SigV4Error.INVALID_REQUEST,
        "malformed aws-chunked body at offset " + offset + ": expected " + expected);
  }

  private static long decodedLength(String value) {
    if (value == null) {
      return -1;
    }
    long length = SinglePayloadVerifier.contentLength(value);
    if (length < 0) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "x-amz-decoded-content-length must be a byte count: " + value);
    }
    return length;
  }

  private static ChecksumAlgorithm trailerAlgorithm(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofHeader(value);
    if (algorithm == null) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "x-amz-trailer must name one x-amz-checksum-* header: " + value);
    }
    return algorithm;
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
