package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up of the short commands as a user runs them: the class cache is recorded by the first run
 * into a private directory, mapped by the next ones, replaced when damaged, and never fails a
 * command; no server classes are loaded.
 */
class StartupIT {
  @TempDir Path dir;

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Classes a command line run must never load: the service's stack. */
  private static final Pattern SERVER_CLASS =
      Pattern.compile(
          "\\b(io\\.vertx|io\\.questdb|io\\.netty|com\\.fasterxml\\.jackson|io\\.micrometer"
              + "|org\\.postgresql|io\\.ecugateway\\.(server|ingest|api|sink|stream)\\.\\w"
              + "|io\\.ecugateway\\.app\\.GatewayServer)");

  /**
   * The serve command's class: loaded (not initialised) only by help, for which picocli creates
   * every command to describe it.
   */
  private static final Pattern SERVE_CLASS =
      Pattern.compile("io\\.ecugateway\\.app\\.ServeCommand\\b");

  private static final Pattern CACHE_LINE =
      Pattern.compile("ecu-gateway: class cache (\\S+): (\\w+)");

  private Path inputs() throws Exception {
    Files.writeString(
        dir.resolve("obd.dbc"),
        "VERSION \"\"\n\nBO_ 2024 OBD2: 8 Vector__XXX\n"
            + " SG_ Speed : 31|8@0+ (1,0) [0|255] \"km/h\" Vector__XXX\n");
    return Files.writeString(
        dir.resolve("one.log"), "(1600000000.123456) can0 7E8#04410D3200000000\n");
  }

  private static final String EXPECTED =
      "{\"t\":1600000000.123456,\"bus\":\"can0\",\"id\":2024,\"ext\":false,"
          + "\"message\":\"OBD2\",\"signals\":{\"Speed\":50}}\n";

  private static final String[] DECODE = {"decode", "--dbc", "obd.dbc", "--out", "out.jsonl"};

  private static String[] decode(String input) {
    String[] args = Arrays.copyOf(DECODE, DECODE.length + 1);
    args[DECODE.length] = input;
    return args;
  }

  @Test
  void commandLineRunsLoadNoServerClasses() throws Exception {
    inputs();
    for (String java : List.of(PackagedJar.userJava(), PackagedJar.testJava())) {
      for (String[] args :
          List.of(
              decode("one.log"),
              new String[] {"frames", "one.log"},
              new String[] {"dbc", "check", "obd.dbc"},
              new String[] {"--help"})) {
        try (PackagedJar jar =
            PackagedJar.in(dir)
                .java(java)
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .jvmOption("-verbose:class")
                .start(args)) {
          assertEquals(0, jar.awaitExit(TIMEOUT), jar.output());
          String loaded = jar.output();
          assertTrue(
              loaded.contains("io.ecugateway.app.Main"), "the log lists our classes: " + loaded);
          Matcher server = SERVER_CLASS.matcher(loaded);
          assertFalse(
              server.find(),
              () -> java + " " + args[0] + " loaded " + server.group() + ": " + jar.output());
          assertTrue(
              args[0].equals("--help") || !SERVE_CLASS.matcher(loaded).find(),
              "only help, which describes serve, loads its classes: " + args[0]);
        }
      }
    }
  }

  /** Runs decode with the cache in {@code cache}; returns what the launcher did with it. */
  private String[] runDecode(String java, Path cache, List<String> wrapper) throws Exception {
    try (PackagedJar jar =
        PackagedJar.in(dir)
            .java(java)
            .wrapper(wrapper)
            .env("XDG_CACHE_HOME", cache.toString())
            .jvmOption("-Decu-gateway.class-cache.verbose=true")
            .start(decode("one.log"))) {
      assertEquals(0, jar.awaitExit(TIMEOUT), jar.output());
      assertEquals(EXPECTED, Files.readString(dir.resolve("out.jsonl")));
      Matcher m = CACHE_LINE.matcher(jar.output());
      return m.find() ? new String[] {m.group(1), m.group(2)} : new String[] {null, "none"};
    }
  }

  @Test
  void theFirstRunRecordsTheCacheTheNextMapsItADamagedOneIsReplaced() throws Exception {
    inputs();
    for (String java : List.of(PackagedJar.testJava(), PackagedJar.userJava())) {
      Path cache = dir.resolve("cache-" + (java.hashCode() & 0xffff));
      String[] first = runDecode(java, cache, List.of());
      assertEquals("recorded", first[1], java);
      Path file = Path.of(first[0]);
      assertEquals(cache.resolve("ecu-gateway"), file.getParent());
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
      FileTime recorded = Files.getLastModifiedTime(file);

      String[] second = runDecode(java, cache, List.of());
      assertEquals(List.of(file.toString(), "used"), List.of(second));
      assertEquals(recorded, Files.getLastModifiedTime(file), "mapped, not rewritten");

      Files.writeString(file, "damaged");
      assertEquals("recorded", runDecode(java, cache, List.of())[1], "replaced");
      assertTrue(Files.size(file) > 1_000_000, file.toString());
      try (Stream<Path> files = Files.list(file.getParent())) {
        assertEquals(1, files.count(), "no temporary files left");
      }
    }
  }

  /**
   * A cache directory the user cannot write: the command runs without recording, and maps a cache
   * recorded earlier. As root (who writes anyway) the jar runs as user nobody.
   */
  @Test
  void aReadOnlyCacheDirectoryNeverFailsTheCommand() throws Exception {
    inputs();
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asUser =
        root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
    Path cache = dir.resolve("cache");
    Path cacheDir = Files.createDirectories(cache.resolve("ecu-gateway"));
    if (root) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      UserPrincipal nobody =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      for (Path p : List.of(cache, cacheDir)) {
        Files.setOwner(p, nobody);
      }
      Files.deleteIfExists(dir.resolve("out.jsonl"));
    }
    String java = PackagedJar.testJava();
    Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("r-x------"));
    assertEquals("none", runDecode(java, cache, asUser)[1], "nothing to map, nothing recorded");
    try (Stream<Path> files = Files.list(cacheDir)) {
      assertEquals(0, files.count());
    }

    Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwx------"));
    assertEquals("recorded", runDecode(java, cache, asUser)[1]);
    Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("r-x------"));
    assertEquals("used", runDecode(java, cache, asUser)[1], "read-only, still mapped");
  }

  /**
   * bin/ecu-gateway: the first run goes through the jar's launcher, which records the cache; the
   * next run is one JVM that maps it (the launcher class is never loaded, Main comes from the
   * cache). Same output both times.
   */
  @Test
  void theLauncherScriptMapsTheRecordedCacheInOneJvm() throws Exception {
    inputs();
    Path script = Path.of("bin/ecu-gateway").toAbsolutePath();
    Path jar = PackagedJar.jar();
    Path home = Path.of(PackagedJar.testJava()).getParent().getParent();
    Assumptions.assumeTrue(
        Runtime.version().feature() >= 24, "the tests' JDK maps no AOT cache: " + home);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(script, bin.resolve("ecu-gateway"));
    Files.setPosixFilePermissions(
        bin.resolve("ecu-gateway"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(bin.resolve("ecu-gateway.jar"), jar);
    List<String> loads = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ProcessBuilder pb =
          new ProcessBuilder(concat(bin.resolve("ecu-gateway").toString(), decode("one.log")))
              .directory(dir.toFile())
              .redirectErrorStream(true);
      pb.environment().put("JAVA_HOME", home.toString());
      pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
      pb.environment().put("JDK_JAVA_OPTIONS", "-verbose:class");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), out);
      assertEquals(0, p.exitValue(), out);
      assertEquals(EXPECTED, Files.readString(dir.resolve("out.jsonl")));
      Matcher main = Pattern.compile("io\\.ecugateway\\.app\\.Main source: (.*)").matcher(out);
      assertTrue(main.find(), out);
      loads.add((out.contains("io.ecugateway.Launcher ") ? "launcher, " : "") + main.group(1));
    }
    assertTrue(loads.get(0).startsWith("launcher, file:"), loads.get(0));
    assertEquals("shared objects file", loads.get(1), "second run: one JVM, Main from the cache");
  }

  private static List<String> concat(String first, String[] rest) {
    List<String> l = new ArrayList<>(List.of(first));
    l.addAll(List.of(rest));
    return l;
  }
}
