package io.ecugateway.s3;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ecugateway.server.DeviceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code s3} section: the S3 endpoint's own listener, off until enabled with credentials. Read
 * through {@code server.ConfigSections}, like every feature's section.
 *
 * @param enabled open the S3 listener (refused without credentials)
 * @param host address to bind; empty = 0.0.0.0 when credentials are configured, 127.0.0.1 otherwise
 * @param port its port (0 = any free port, for tests)
 * @param buckets bucket names served; others answer {@code NoSuchBucket}
 * @param credentials access keys, their secrets and the devices each may write
 * @param tls key and certificate (PEM) for HTTPS; both empty = plain HTTP
 * @param maxObjectBytes largest object (PutObject body, multipart part or completed upload)
 */
public record S3Config(
    boolean enabled,
    String host,
    int port,
    List<String> buckets,
    List<Credential> credentials,
    Tls tls,
    long maxObjectBytes) {
  public static final S3Config DEFAULTS =
      new S3Config(false, "", 9100, List.of("canedge"), List.of(), null, 4L << 30);

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ACCESS_KEY = Pattern.compile("[A-Za-z0-9_+=,.@-]{3,128}");

  public S3Config {
    host = host == null ? DEFAULTS.host : host.trim();
    buckets = buckets == null ? DEFAULTS.buckets : List.copyOf(buckets);
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    tls = tls == null ? Tls.DEFAULTS : tls;
  }

  /** The address actually bound: the configured one, or the default for the credentials. */
  public String bindHost() {
    if (!host.isEmpty()) {
      return host;
    }
    return credentials.isEmpty() ? "127.0.0.1" : "0.0.0.0";
  }

  /**
   * An access key and what it may do.
   *
   * @param accessKey the key id clients send ({@code AKIA…} or any name)
   * @param secret the secret key both sides sign with
   * @param devices devices whose prefix ({@code <device>/…}) the key may read and write; {@code *}
   *     = every key of every bucket
   */
  public record Credential(
      String accessKey,
      String secret,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> devices) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Credential(
        @JsonProperty("accessKey") String accessKey,
        @JsonProperty("secret") String secret,
        @JsonProperty("devices") List<String> devices) {
      this.accessKey = accessKey == null ? "" : accessKey.trim();
      this.secret = secret == null ? "" : secret;
      this.devices = devices == null || devices.isEmpty() ? List.of("*") : List.copyOf(devices);
    }

    /**
     * The environment form {@code AK:SECRET[:DEV1|DEV2]} ({@code ECUGW_S3_CREDENTIALS} holds a
     * comma-separated list of them).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Credential parse(String text) {
      String[] parts = text.trim().split(":", 3);
      if (parts.length < 2) {
        throw new IllegalArgumentException(
            "s3.credentials: expected ACCESS_KEY:SECRET[:DEVICE1|DEVICE2], found '"
                + (parts[0].length() > 8 ? parts[0].substring(0, 8) + "…" : parts[0])
                + (parts.length > 1 ? ":…" : "")
                + "'");
      }
      List<String> devices = parts.length == 3 ? List.of(parts[2].split("\\|")) : List.of("*");
      return new Credential(parts[0], parts[1], devices);
    }

    /** True if the key may read and write everything. */
    public boolean allDevices() {
      return devices.contains("*");
    }

    /** The secret never appears in logs or error messages. */
    @Override
    public String toString() {
      return "Credential[" + accessKey + ", devices=" + devices + "]";
    }
  }

  /**
   * @param certPath PEM certificate chain of the S3 endpoint
   * @param keyPath PEM private key of that certificate
   */
  public record Tls(String certPath, String keyPath) {
    static final Tls DEFAULTS = new Tls("", "");

    public Tls {
      certPath = certPath == null ? "" : certPath.trim();
      keyPath = keyPath == null ? "" : keyPath.trim();
    }

    public boolean enabled() {
      return !certPath.isEmpty();
    }
  }

  public void validate(List<String> errors) {
    if (port < 0 || port > 65535) {
      errors.add("s3.port must be 0..65535, found " + port);
    }
    if (maxObjectBytes < 1) {
      errors.add("s3.maxObjectBytes must be positive, found " + maxObjectBytes);
    }
    if (tls.certPath().isEmpty() != tls.keyPath().isEmpty()) {
      errors.add("s3.tls.certPath and s3.tls.keyPath must be given together");
    }
    for (String bucket : buckets) {
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        errors.add(
            "s3.buckets: '"
                + bucket
                + "' is not a bucket name (3-63 of a-z, 0-9, '.', '-', starting and ending with a"
                + " letter or digit)");
      }
    }
    if (enabled && buckets.isEmpty()) {
      errors.add("s3.buckets must name at least one bucket when s3.enabled is true");
    }
    if (enabled && credentials.isEmpty()) {
      errors.add(
          "s3.enabled is true but no s3.credentials are configured: the S3 endpoint accepts no"
              + " anonymous requests (set s3.credentials or ECUGW_S3_CREDENTIALS=AK:SECRET)");
    }
    Set<String> seen = new HashSet<>();
    for (Credential c : credentials) {
      if (!ACCESS_KEY.matcher(c.accessKey()).matches()) {
        errors.add(
            "s3.credentials: access key '"
                + c.accessKey()
                + "' must be 3-128 of A-Z a-z 0-9 _ + = , . @ -");
      }
      if (c.secret().length() < 8) {
        errors.add("s3.credentials: the secret of '" + c.accessKey() + "' is shorter than 8");
      }
      if (!seen.add(c.accessKey())) {
        errors.add("s3.credentials: access key '" + c.accessKey() + "' is listed twice");
      }
      for (String device : c.devices()) {
        if (!device.equals("*") && !DeviceId.valid(device)) {
          errors.add("s3.credentials of '" + c.accessKey() + "': " + DeviceId.problem(device));
        }
      }
    }
  }
}
