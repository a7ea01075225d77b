package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, {@code java -jar target/ecu-gateway.jar serve} in a fresh checkout (its
 * {@code config/} and {@code dbc/}): what the user sees first is the gateway's own log, not
 * third-party noise (SLF4J's NOP warning, {@code sun.misc.Unsafe} warnings, QuestDB's banner,
 * Micrometer's gauge warning).
 */
class QuickStartIT {
  /** A line of the gateway's log: time, thread, level, a logger of ours. */
  private static final String OURS =
      "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[[^\\]]+\\] (INFO|WARN|ERROR)"
          + " io\\.ecugateway\\.\\S+ - .+";

  @TempDir Path checkout;

  @Test
  void firstLinesAreTheGatewaysOwnOnTheUsersJava() throws Exception {
    freshCheckout();
    int port = PackagedJar.freePort();
    try (PackagedJar jar = serve(PackagedJar.userJava(), port)) {
      jar.awaitLine("listening on http://127\\.0\\.0\\.1:" + port, Duration.ofSeconds(90));
      // a request, as the first user action: the first request also registers the per-server
      // HTTP meters (Micrometer's gauge warning came then)
      jar.awaitPort(port, Duration.ofSeconds(5));
      httpGet(port, "/metrics");
      Thread.sleep(500);
      List<String> first = jar.lines().stream().limit(20).toList();
      System.out.println("first lines of `java -jar target/ecu-gateway.jar serve`:");
      first.forEach(System.out::println);
      for (String line : first) {
        assertTrue(line.matches(OURS), "not the gateway's own: " + line + "\n" + jar.output());
      }
      String text = String.join("\n", first);
      assertTrue(text.contains("opening the store: embedded QuestDB in "), text);
      assertTrue(text.contains("DBC files in "), text);
      assertTrue(text.contains("NO AUTH TOKENS CONFIGURED"), text);
    }
  }

  @Test
  void levelsFromTheEnvironmentOnJava25AndQuestDbThroughOurLog() throws Exception {
    freshCheckout();
    int port = PackagedJar.freePort();
    try (PackagedJar jar =
        PackagedJar.in(checkout)
            .java(PackagedJar.testJava())
            .env("ECUGW_HTTP_PORT", Integer.toString(port))
            .env("ECUGW_STORAGE_QUESTDB_PG_PORT", Integer.toString(PackagedJar.freePort()))
            .env("ECUGW_LOGGING_LEVEL", "warn")
            .env("ECUGW_LOGGING_LEVELS", "{io.ecugateway.catalog: info, io.questdb: debug}")
            .start("serve")) {
      jar.awaitLine("NO AUTH TOKENS CONFIGURED", Duration.ofSeconds(90));
      jar.awaitPort(port, Duration.ofSeconds(10));
      httpGet(port, "/metrics");
      Thread.sleep(500);
      for (String line : jar.lines()) {
        assertTrue(
            line.matches(OURS)
                    && (line.contains(" WARN ") || line.contains(" io.ecugateway.catalog."))
                || line.contains(" DEBUG io.questdb - "),
            "level warn, catalog at info, QuestDB at debug: " + line + "\n" + jar.output());
      }
      assertTrue(
          jar.lines().stream().anyMatch(l -> l.contains(" DEBUG io.questdb - server-main")),
          "QuestDB's start-up messages reach the gateway's log at debug:\n" + jar.output());
      assertEquals(
          0,
          jar.lines().stream().filter(l -> l.contains("ecu-gateway listening on")).count(),
          jar.output());
    }
  }

  private PackagedJar serve(String java, int port) throws IOException {
    return PackagedJar.in(checkout)
        .java(java)
        .env("ECUGW_HTTP_PORT", Integer.toString(port))
        .env("ECUGW_STORAGE_QUESTDB_PG_PORT", Integer.toString(PackagedJar.freePort()))
        .start("serve");
  }

  /** The repository's {@code config/} and {@code dbc/}, as a fresh clone has them. */
  private void freshCheckout() throws IOException {
    for (String dir : List.of("config", "dbc")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path f : files.toList()) {
          Path to = checkout.resolve(f.toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
    }
  }

  static String httpGet(int port, String path) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
