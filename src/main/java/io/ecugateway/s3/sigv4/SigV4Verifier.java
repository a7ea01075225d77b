package io.ecugateway.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies AWS Signature Version 4 of S3 requests, in the {@code Authorization} header or in a
 * presigned query string. Thread-safe; one instance serves the whole endpoint (it caches signing
 * keys). The body is not read here: {@link PayloadVerifier#open} checks it against what the
 * returned {@link Authenticated} declares.
 */
public final class SigV4Verifier {
  /** How far a request's timestamp may be from the server clock (S3's limit). */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);

  /** The longest validity of a presigned URL: 7 days. */
  public static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final CredentialLookup credentials;
  private final SigningKeys signingKeys = new SigningKeys();

  public SigV4Verifier(CredentialLookup credentials) {
    this.credentials = credentials;
  }

  /**
   * @return who signed the request and how its body is protected
   * @throws SigV4Exception when the request is anonymous, malformed, expired or wrongly signed
   */
  public Authenticated verify(SignedRequest request) {
    String authorization = request.header("Authorization");
    Map<String, String> query = queryParameters(request.rawQuery());
    boolean presigned =
        query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Algorithm");
    if (authorization != null && presigned) {
      throw new SigV4Exception(
          SigV4Error.INVALID_ARGUMENT, "only one auth mechanism allowed: header or query string");
    }
    if (authorization != null) {
      return verifyHeader(request, authorization);
    }
    if (presigned) {
      return verifyQuery(request, query);
    }
    throw new SigV4Exception(SigV4Error.ACCESS_DENIED, "anonymous requests are not accepted");
  }

  private Authenticated verifyHeader(SignedRequest request, String authorization) {
    SigV4Error malformed = SigV4Error.AUTHORIZATION_HEADER_MALFORMED;
    Map<String, String> fields = authorizationFields(authorization.strip());
    Credential credential = Credential.parse(required(fields, "Credential", malformed), malformed);
    List<String> signedHeaders =
        signedHeaders(required(fields, "SignedHeaders", malformed), malformed);
    String signature = signature(required(fields, "Signature", malformed), malformed);
    String secret = secretOf(credential);

    String amzDate = request.header("x-amz-date");
    Instant signedAt = amzDate != null ? parseAmzDate(amzDate.strip()) : parseHttpDate(request);
    if (amzDate == null) {
      amzDate = AMZ_DATE.format(signedAt.atZone(ZoneOffset.UTC));
    }
    amzDate = amzDate.strip();
    checkScopeDate(credential, amzDate, malformed);
    if (Duration.between(signedAt, request.now()).abs().compareTo(MAX_SKEW) > 0) {
      throw new SigV4Exception(
          SigV4Error.REQUEST_TIME_TOO_SKEWED,
          "the difference between the request time "
              + signedAt
              + " and the server time "
              + request.now()
              + " is larger than 15 minutes");
    }
    String contentSha256 = request.header("x-amz-content-sha256");
    if (contentSha256 == null) {
      throw new SigV4Exception(
          SigV4Error.MISSING_SECURITY_HEADER, "the request has no x-amz-content-sha256 header");
    }
    return check(
        request,
        credential,
        secret,
        amzDate,
        signedHeaders,
        signature,
        false,
        contentSha256.strip());
  }

  private Authenticated verifyQuery(SignedRequest request, Map<String, String> query) {
    SigV4Error malformed = SigV4Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
    if (!ALGORITHM.equals(required(query, "X-Amz-Algorithm", malformed))) {
      throw new SigV4Exception(malformed, "X-Amz-Algorithm must be " + ALGORITHM);
    }
    Credential credential =
        Credential.parse(required(query, "X-Amz-Credential", malformed), malformed);
    String amzDate = required(query, "X-Amz-Date", malformed);
    long expires = expiresSeconds(required(query, "X-Amz-Expires", malformed));
    List<String> signedHeaders =
        signedHeaders(required(query, "X-Amz-SignedHeaders", malformed), malformed);
    String signature = signature(required(query, "X-Amz-Signature", malformed), malformed);
    String secret = secretOf(credential);

    Instant signedAt = parseAmzDate(amzDate);
    checkScopeDate(credential, amzDate, malformed);
    if (signedAt.isAfter(request.now().plus(MAX_SKEW))) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED, "the presigned URL is not valid before " + signedAt);
    }
    if (request.now().isAfter(signedAt.plusSeconds(expires))) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED,
          "request has expired (at " + signedAt.plusSeconds(expires) + ")");
    }
    String contentSha256 = request.header("x-amz-content-sha256");
    String payloadHash =
        contentSha256 == null ? PayloadMode.UNSIGNED.headerValue() : contentSha256.strip();
    return check(request, credential, secret, amzDate, signedHeaders, signature, true, payloadHash);
  }

  private Authenticated check(
      SignedRequest request,
      Credential credential,
      String secret,
      String amzDate,
      List<String> signedHeaders,
      String signature,
      boolean presigned,
      String payloadHash) {
    PayloadMode mode = payloadMode(payloadHash);
    if (presigned && mode.signedChunks()) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST,
          "signed aws-chunked bodies need the Authorization header, not a presigned URL");
    }
    checkAllAmzHeadersSigned(request, signedHeaders);
    String canonical = CanonicalRequest.of(request, presigned, signedHeaders, payloadHash);
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + credential.scope()
            + "\n"
            + Hashing.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key =
        signingKeys.key(secret, credential.date(), credential.region(), credential.service());
    String expected = Hashing.hex(Hashing.hmac(key, stringToSign));
    if (!Hashing.constantTimeEquals(expected, signature)) {
      throw new SigV4Exception(
          SigV4Error.SIGNATURE_DOES_NOT_MATCH,
          "the request signature we calculated does not match the signature you provided;"
              + " check your key and signing method",
          canonical);
    }
    ChunkSigning chunkSigning =
        mode.signedChunks() ? new ChunkSigning(key, amzDate, credential.scope(), signature) : null;
    String declared = mode == PayloadMode.SIGNED ? payloadHash.toLowerCase(Locale.ROOT) : null;
    return new Authenticated(
        credential.accessKey(),
        credential.region(),
        credential.service(),
        mode,
        declared,
        chunkSigning,
        presigned);
  }

  private String secretOf(Credential credential) {
    String secret = credentials.secretFor(credential.accessKey());
    if (secret == null) {
      throw new SigV4Exception(
          SigV4Error.INVALID_ACCESS_KEY_ID,
          "the access key " + credential.accessKey() + " does not exist in our records");
    }
    return secret;
  }

  /**
   * S3 rejects {@code x-amz-*} headers the client did not sign: they would be open to tampering.
   */
  private static void checkAllAmzHeadersSigned(SignedRequest request, List<String> signedHeaders) {
    List<String> unsigned = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-") && !signedHeaders.contains(name) && !unsigned.contains(name)) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED,
          "there were headers present in the request which were not signed: "
              + String.join(", ", unsigned));
    }
  }

  private static PayloadMode payloadMode(String payloadHash) {
    PayloadMode keyword = PayloadMode.ofKeyword(payloadHash);
    if (keyword != null) {
      return keyword;
    }
    if (Hashing.isLowerHex64(payloadHash.toLowerCase(Locale.ROOT))) {
      return PayloadMode.SIGNED;
    }
    throw new SigV4Exception(
        SigV4Error.INVALID_ARGUMENT,
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-... keyword or a SHA-256 in hex");
  }

  private static Map<String, String> authorizationFields(String authorization) {
    if (authorization.startsWith("AWS ")) {
      throw new SigV4Exception(
          SigV4Error.INVALID_REQUEST, "Signature Version 2 is not supported; use " + ALGORITHM);
    }
    if (!authorization.startsWith(ALGORITHM + " ")) {
      throw new SigV4Exception(
          SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
          "the authorization algorithm must be " + ALGORITHM);
    }
    Map<String, String> fields = new HashMap<>();
    for (String field : authorization.substring(ALGORITHM.length() + 1).split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new SigV4Exception(
            SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
            "the authorization header field '" + field.strip() + "' has no '='");
      }
      fields.put(field.substring(0, eq).strip(), field.substring(eq + 1).strip());
    }
    return fields;
  }

  /** The query's parameters, names and values percent-decoded (first value of a repeated name). */
  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    if (rawQuery.isEmpty()) {
      return parameters;
    }
    for (String parameter : rawQuery.split("&")) {
      int eq = parameter.indexOf('=');
      String name = CanonicalRequest.decode(eq < 0 ? parameter : parameter.substring(0, eq));
      String value = eq < 0 ? "" : CanonicalRequest.decode(parameter.substring(eq + 1));
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  private static String required(Map<String, String> fields, String name, SigV4Error malformed) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new SigV4Exception(malformed, "the signature has no " + name);
    }
    return value;
  }

  private static List<String> signedHeaders(String value, SigV4Error malformed) {
    List<String> names = Arrays.asList(value.split(";", -1));
    for (String name : names) {
      if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new SigV4Exception(
            malformed, "SignedHeaders must be lowercase names separated by ';': " + value);
      }
    }
    if (!names.contains("host")) {
      throw new SigV4Exception(malformed, "SignedHeaders must include host");
    }
    return names;
  }

  private static String signature(String value, SigV4Error malformed) {
    if (!Hashing.isLowerHex64(value)) {
      throw new SigV4Exception(malformed, "the signature must be 64 lowercase hex digits");
    }
    return value;
  }

  private static long expiresSeconds(String value) {
    long seconds;
    try {
      seconds = Long.parseLong(value);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
      throw new SigV4Exception(
          SigV4Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
          "X-Amz-Expires must be between 1 and 604800 seconds (7 days): " + value);
    }
    return seconds;
  }

  private static void checkScopeDate(Credential credential, String amzDate, SigV4Error malformed) {
    if (!amzDate.startsWith(credential.date())) {
      throw new SigV4Exception(
          malformed,
          "the credential date "
              + credential.date()
              + " is not the day of the request time "
              + amzDate);
    }
  }

  private static Instant parseAmzDate(String value) {
    try {
      return LocalDateTime.parse(value, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED, "the request time must be yyyyMMdd'T'HHmmss'Z': " + value);
    }
  }

  private static Instant parseHttpDate(SignedRequest request) {
    String date = request.header("Date");
    if (date == null) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED,
          "AWS authentication requires a valid Date or x-amz-date header");
    }
    try {
      return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new SigV4Exception(
          SigV4Error.ACCESS_DENIED,
          "AWS authentication requires a valid Date or x-amz-date header");
    }
  }
}
