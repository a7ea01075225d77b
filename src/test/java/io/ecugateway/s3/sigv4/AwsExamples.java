package io.ecugateway.s3.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The example requests of the S3 API reference ("Signature Calculations for the Authorization
 * Header", "... Transferring Payload in Multiple Chunks", "... Including Trailing Headers",
 * "Authenticating Requests: Using Query Parameters"), signed by AWS with its example credential.
 * Their signatures are AWS's published values, not ours.
 */
public final class AwsExamples {
  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  public static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  public static final CredentialLookup CREDENTIALS = Map.of(ACCESS_KEY, SECRET)::get;
  public static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String CREDENTIAL = ACCESS_KEY + "/20130524/us-east-1/s3/aws4_request";

  public static final String CHUNKED_SEED =
      "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final String[] CHUNK_SIGNATURES = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"
  };
  static final String TRAILER_SEED =
      "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
  static final String[] TRAILER_CHUNK_SIGNATURES = {
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"
  };
  static final String TRAILER_SIGNATURE =
      "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

  private AwsExamples() {}

  public static SignedRequest request(
      String method, String path, String query, Instant now, String... headers) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(Map.entry(headers[i], headers[i + 1]));
    }
    return new SignedRequest(method, path, query, list, now);
  }

  static String authorization(String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential="
        + CREDENTIAL
        + ",SignedHeaders="
        + signedHeaders
        + ",Signature="
        + signature;
  }

  /** GET /test.txt with a Range header. */
  static SignedRequest getObject(Instant now) {
    return request(
        "GET",
        "/test.txt",
        "",
        now,
        "Host",
        "examplebucket.s3.amazonaws.com",
        "Range",
        "bytes=0-9",
        "x-amz-content-sha256",
        EMPTY_SHA256,
        "x-amz-date",
        "20130524T000000Z",
        "Authorization",
        authorization(
            "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
  }

  static final byte[] PUT_BODY = "Welcome to Amazon S3.".getBytes(StandardCharsets.US_ASCII);

  /** PUT /test$file.text with a signed payload. */
  static SignedRequest putObject(Instant now) {
    return request(
        "PUT",
        "/test%24file.text",
        "",
        now,
        "Host",
        "examplebucket.s3.amazonaws.com",
        "Date",
        "Fri, 24 May 2013 00:00:00 GMT",
        "x-amz-date",
        "20130524T000000Z",
        "x-amz-storage-class",
        "REDUCED_REDUNDANCY",
        "x-amz-content-sha256",
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
        "Authorization",
        authorization(
            "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
  }

  static SignedRequest bucketGet(String query, String signature, Instant now) {
    return request(
        "GET",
        "/",
        query,
        now,
        "Host",
        "examplebucket.s3.amazonaws.com",
        "x-amz-content-sha256",
        EMPTY_SHA256,
        "x-amz-date",
        "20130524T000000Z",
        "Authorization",
        authorization("host;x-amz-content-sha256;x-amz-date", signature));
  }

  static SignedRequest presignedGet(Instant now) {
    return request(
        "GET",
        "/test.txt",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        now,
        "Host",
        "examplebucket.s3.amazonaws.com");
  }

  /** PUT /examplebucket/chunkObject.txt: 65536 + 1024 bytes of 'a' in signed chunks. */
  public static SignedRequest chunkedPut(Instant now) {
    return request(
        "PUT",
        "/examplebucket/chunkObject.txt",
        "",
        now,
        "Host",
        "s3.amazonaws.com",
        "x-amz-date",
        "20130524T000000Z",
        "x-amz-storage-class",
        "REDUCED_REDUNDANCY",
        "x-amz-content-sha256",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "Content-Encoding",
        "aws-chunked",
        "x-amz-decoded-content-length",
        "66560",
        "Content-Length",
        "66824",
        "Authorization",
        authorization(
            "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class",
            CHUNKED_SEED));
  }

  /** The same upload with a signed CRC32C trailer. */
  static SignedRequest chunkedTrailerPut(Instant now) {
    return request(
        "PUT",
        "/examplebucket/chunkObject.txt",
        "",
        now,
        "Host",
        "s3.amazonaws.com",
        "x-amz-date",
        "20130524T000000Z",
        "x-amz-storage-class",
        "REDUCED_REDUNDANCY",
        "x-amz-content-sha256",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "Content-Encoding",
        "aws-chunked",
        "x-amz-decoded-content-length",
        "66560",
        "x-amz-trailer",
        "x-amz-checksum-crc32c",
        "Authorization",
        authorization(
            "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer",
            TRAILER_SEED));
  }

  static byte[] payload() {
    byte[] payload = new byte[66560];
    Arrays.fill(payload, (byte) 'a');
    return payload;
  }

  /** The aws-chunked body of {@link #chunkedPut}. */
  static byte[] chunkedBody() {
    return body(CHUNK_SIGNATURES, "\r\n");
  }

  /** The aws-chunked body of {@link #chunkedTrailerPut}. */
  static byte[] chunkedTrailerBody() {
    return body(
        TRAILER_CHUNK_SIGNATURES,
        "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:"
            + TRAILER_SIGNATURE
            + "\r\n\r\n");
  }

  private static byte[] body(String[] signatures, String end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] a = payload();
    out.writeBytes(
        ("10000;chunk-signature=" + signatures[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(a, 0, 65536);
    out.writeBytes(
        ("\r\n400;chunk-signature=" + signatures[1] + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(a, 0, 1024);
    out.writeBytes(
        ("\r\n0;chunk-signature=" + signatures[2] + "\r\n" + end)
            .getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
