package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.server.GatewayContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare server: ops endpoints, token check on /api, JSON 404s. */
class GatewayServerTest {
  @TempDir static Path dir;
  static GatewayServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    GatewayConfig config = TestConfigs.tokenGateway(dir, "secret", 1024);
    server = GatewayServer.startWith(config, List.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The upload service belongs to the server, built even without the upload module (future ingest
   * paths use the same one); a second one cannot be shared, it would clear the first one's spool.
   */
  @Test
  void theServerSharesOneUploadService() {
    GatewayContext context = server.context();
    Ingest ingest = context.service(Ingest.class);
    assertSame(ingest, context.service(Ingest.class));
    assertThrows(IllegalStateException.class, () -> context.share(Ingest.class, ingest));
  }

  @Test
  void healthReadyAndMetricsNeedNoToken() throws Exception {
    assertEquals(200, get("/health", null).statusCode());
    HttpResponse<String> ready = get("/ready", null);
    assertEquals(200, ready.statusCode(), ready.body());
    HttpResponse<String> metrics = get("/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("vertx_http_server"), "Vert.x metrics are exported");
  }

  @Test
  void apiNeedsAValidBearerToken() throws Exception {
    HttpResponse<String> none = get("/api/v1/nothing", null);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals(401, get("/api/v1/nothing", "wrong").statusCode());
    HttpResponse<String> ok = get("/api/v1/nothing", "secret");
    assertEquals(404, ok.statusCode());
    assertTrue(ok.body().contains("\"error\""), ok.body());
  }

  @Test
  void metricsCarryJvmAndProcessMetersAndCountedAuthFailures() throws Exception {
    double before = authFailures();
    assertEquals(401, get("/api/v1/nothing", "wrong").statusCode());
    assertEquals(401, get("/api/v1/nothing", null).statusCode());
    assertEquals(before + 2, authFailures());
    String metrics = get("/metrics", null).body();
    for (String meter :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_gc_",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_cpu_usage",
            "system_cpu_count",
            "process_uptime_seconds",
            "process_files_open_files")) {
      assertTrue(metrics.contains(meter), meter);
    }
  }

  private static double authFailures() throws Exception {
    return get("/metrics", null)
        .body()
        .lines()
        .filter(l -> l.startsWith("ecugw_auth_failures_total{endpoint=\"api\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}
