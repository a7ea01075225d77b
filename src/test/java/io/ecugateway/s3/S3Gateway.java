package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.Upload;
import io.ecugateway.ingest.UploadState;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A gateway in this JVM with the S3 endpoint on a free loopback port, the embedded QuestDB and the
 * CANedge sample DBCs; two access keys: one for every device, one for device {@code 3BA199E2}.
 */
final class S3Gateway implements AutoCloseable {
  static final String BUCKET = "canedge";
  static final String ADMIN_KEY = "fleet-admin";
  static final String ADMIN_SECRET = "fleet-admin-secret-0001";
  static final String DEVICE = "3BA199E2";
  static final String DEVICE_KEY = "logger-3ba199e2";
  static final String DEVICE_SECRET = "logger-secret-3ba199e2";
  static final long MAX_OBJECT_BYTES = 64L << 20;

  final Path dataDir;
  final GatewayServer server;

  private S3Gateway(Path dataDir, GatewayServer server) {
    this.dataDir = dataDir;
    this.server = server;
  }

  static S3Gateway start(Path dir) throws Exception {
    return start(dir, null);
  }

  /** With HTTPS on the S3 port when {@code tls} is given. */
  static S3Gateway start(Path dir, S3Config.Tls tls) throws Exception {
    Path shared = SharedData.require("canedge");
    Path dbcDir = Files.createDirectories(dir.resolve("dbc"));
    if (!Files.exists(dbcDir.resolve("can1-j1939.dbc"))) {
      Files.copy(
          shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
          dbcDir.resolve("can1-j1939.dbc"));
      Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbcDir.resolve("can2-canmod-gps.dbc"));
    }
    Path dataDir = dir.resolve("data");
    S3Config s3 =
        new S3Config(
            true,
            "127.0.0.1",
            0,
            List.of(BUCKET),
            List.of(
                new S3Config.Credential(ADMIN_KEY, ADMIN_SECRET, List.of("*")),
                new S3Config.Credential(DEVICE_KEY, DEVICE_SECRET, List.of(DEVICE))),
            tls,
            MAX_OBJECT_BYTES);
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, 64L << 20),
            new AuthConfig(List.of("api-token"), Map.of()),
            TestStore.questDb().storage(dataDir),
            TestConfigs.decode(dbcDir.toString(), List.of("*"), Map.of(), 0, 2, 16, Map.of()),
            new ShutdownConfig(5),
            null,
            null,
            null,
            null,
            s3);
    return new S3Gateway(dataDir, GatewayServer.start(config));
  }

  String endpoint() {
    boolean https = server.context().config().section(S3Config.class).tls().enabled();
    return (https ? "https://localhost:" : "http://127.0.0.1:") + server.s3Port();
  }

  /** The AWS SDK for Java v2 against the gateway: path-style, default (on) checksums. */
  S3Client sdk(String accessKey, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  S3Client admin() {
    return sdk(ADMIN_KEY, ADMIN_SECRET);
  }

  /** The uploads the pipeline journaled for a device and session. */
  List<Upload> uploads(String device, String session) {
    return server.context().service(Ingest.class).journal().all().stream()
        .filter(u -> u.device().equals(device) && u.session().equals(session))
        .toList();
  }

  /** Waits (bounded) until every upload of the device and session is stored; returns them. */
  List<Upload> awaitStored(String device, String session, int count, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Upload> now = uploads(device, session);
    while (System.nanoTime() < deadline) {
      now = uploads(device, session);
      if (now.size() >= count && now.stream().allMatch(u -> u.state().isFinal())) {
        return now;
      }
      Thread.sleep(100);
    }
    fail(
        count
            + " upload(s) of "
            + device
            + "/"
            + session
            + " not final within "
            + within
            + ": "
            + now);
    return now;
  }

  /** Rows stored for {@code device}, over every message table it has. */
  long rows(String device) throws Exception {
    long n = 0;
    for (var e : server.context().signals().messages(device)) {
      n += server.context().queries().count(e.table(), device);
    }
    return n;
  }

  static boolean stored(Upload u) {
    return u.state() == UploadState.STORED;
  }

  @Override
  public void close() {
    server.close();
  }
}
