package io.ecugateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data-sharing archive: when it is used, recorded, and how it fails. */
class ClassArchiveTest {
  @TempDir Path dir;

  /**
   * Module options as the launcher gives them: the cache must be assembled with them too, else the
   * JVM logs an error and maps only part of it.
   */
  private static final List<String> MODULES = List.of("--enable-native-access=ALL-UNNAMED");

  private static final String[] DECODE = {"decode", "--dbc", "x.dbc", "x.log"};

  /** What the child JVM runs in the end-to-end test: prints one line. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }

  private ClassArchive archive(Path jar, String[] args, List<String> options, String cache) {
    return archive(jar, args, options, "", cache, Runtime.version().feature());
  }

  private ClassArchive archive(
      Path jar, String[] args, List<String> options, String env, String cache, int feature) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ClassArchive.forRun(jar, java, feature, options, env, args, cache, 42);
  }

  private Path jar() throws Exception {
    Path jar = dir.resolve("app.jar");
    String name = "io/ecugateway/ClassArchiveTest$Hello.class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        InputStream in =
            ClassArchiveTest.class.getResourceAsStream("ClassArchiveTest$Hello.class")) {
      j.putNextEntry(new JarEntry(name));
      in.transferTo(j);
    }
    return jar;
  }

  @Test
  void onlyShortCommandsGetAnArchiveAndUsersKeepControl() throws Exception {
    Path jar = jar();
    String cache = dir.resolve("cache").toString();
    assertNotNull(archive(jar, DECODE, List.of(), cache));
    assertNotNull(archive(jar, new String[] {"frames", "x.log"}, List.of("-Xmx1g"), cache));
    assertNull(archive(jar, new String[] {"serve"}, List.of(), cache), "serve runs for days");
    assertNull(archive(jar, new String[] {}, List.of(), cache));
    assertNull(archive(jar, new String[] {"--version"}, List.of(), cache));
    assertNotNull(archive(jar, new String[] {"--help"}, List.of(), cache), "help takes 0.8 s");
    assertNull(archive(jar, DECODE, List.of(), "off"));
    for (String own :
        List.of("-Xshare:off", "-XX:SharedArchiveFile=a.jsa", "-Xlog:gc", "-XX:AOTCache=a.aot")) {
      assertNull(archive(jar, DECODE, List.of(own), cache), own);
      assertNull(
          archive(jar, DECODE, List.of(), " -Xmx1g " + own, cache, 25), "environment: " + own);
    }
  }

  @Test
  void theCacheDirectoryIsPrivate() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("new/cache");
    assertNotNull(archive(jar, DECODE, List.of(), cache.toString()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));

    Path open = Files.createDirectories(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertNotNull(archive(jar, DECODE, List.of(), open.toString()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
  }

  @Test
  void noCacheDirectoryMeansNoArchive() throws Exception {
    Path jar = jar();
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    assertNull(archive(jar, DECODE, List.of(), file.resolve("cache").toString()));
    assertNull(archive(dir.resolve("missing.jar"), DECODE, List.of(), dir.toString()));
  }

  @Test
  void aSuccessfulFirstRunRecordsTheCdsArchiveLaterRunsMapIt() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache);
    Path stale = Files.writeString(cache.resolve("ecu-gateway-decode-0.jsa"), "old jar");
    Path otherCommand = Files.writeString(cache.resolve("ecu-gateway-frames-0.jsa"), "x");

    ClassArchive failed = cds(jar, DECODE, cache);
    assertTrue(failed.recording());
    Path recording = recordingPath(failed);
    Files.writeString(recording, "archive");
    failed.finish(1, List.of());
    assertFalse(Files.exists(failed.archive()), "a failed command leaves no archive");
    assertFalse(Files.exists(recording));

    ClassArchive first = cds(jar, DECODE, cache);
    Files.writeString(recordingPath(first), "archive");
    first.finish(0, List.of());
    assertEquals("archive", Files.readString(first.archive()));
    assertFalse(Files.exists(stale), "archives of other jars go");
    assertTrue(Files.exists(otherCommand));

    ClassArchive later = cds(jar, DECODE, cache);
    assertFalse(later.recording());
    assertEquals("-XX:SharedArchiveFile=" + first.archive(), later.options().get(0));
  }

  /** The JDK 21-23 kind: a dynamic class-data-sharing archive. */
  private ClassArchive cds(Path jar, String[] args, Path cache) {
    return archive(jar, args, List.of(), "", cache.toString(), 22);
  }

  private static Path recordingPath(ClassArchive a) {
    String option = a.options().get(0);
    assertTrue(option.startsWith("-XX:ArchiveClassesAtExit="), option);
    return Path.of(option.substring(option.indexOf('=') + 1));
  }

  /**
   * A real JVM with the options: recording, mapping, and a damaged archive all leave standard
   * output and the exit code alone.
   */
  @Test
  void theJvmStaysSilentAndSucceedsWithEveryCdsArchiveState() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("cache");
    String[] hello = {"decode"};

    ClassArchive first = cds(jar, hello, cache);
    assertTrue(first.recording());
    assertEquals("hello\n", runJvm(jar, first), "recording run");
    first.finish(0, List.of());
    assertTrue(Files.size(first.archive()) > 0, "the JVM wrote the archive");

    ClassArchive mapped = cds(jar, hello, cache);
    assertFalse(mapped.recording());
    assertEquals("hello\n", runJvm(jar, mapped), "mapped archive");

    byte[] garbage = new byte[100_000];
    new java.util.Random(1).nextBytes(garbage);
    Files.write(mapped.archive(), garbage);
    assertEquals("hello\n", runJvm(jar, mapped), "damaged archive: the JVM runs without it");
    assertArrayEquals(garbage, Files.readAllBytes(mapped.archive()));
    try (Stream<Path> files = Files.list(cache)) {
      assertEquals(1, files.count(), "no temporary files left");
    }
  }

  /**
   * JDK 24+: a real JVM records, the launcher assembles the ahead-of-time cache, the next run maps
   * it without touching it; a file that is not a cache is replaced by the next recording, and a
   * damaged cache is refused by the JVM and deleted. Standard output and the exit code never
   * change.
   */
  @Test
  void theAheadOfTimeCacheIsRecordedReusedAndReplacedWhenDamaged() throws Exception {
    Assumptions.assumeTrue(
        Runtime.version().feature() >= ClassArchive.AOT_FEATURE, "needs JDK 24+ to run");
    Path jar = jar();
    Path cache = dir.resolve("cache");
    String[] hello = {"decode"};

    ClassArchive first = archive(jar, hello, List.of(), cache.toString());
    assertTrue(first.recording());
    assertEquals("hello\n", runJvm(jar, first, MODULES), "recording run");
    assertEquals("recorded", first.finish(0, MODULES));
    Path aot = first.archive();
    assertTrue(aot.getFileName().toString().endsWith(".aot"), aot.toString());
    FileTime recorded = Files.getLastModifiedTime(aot);

    ClassArchive mapped = archive(jar, hello, List.of(), cache.toString());
    assertFalse(mapped.recording(), "the second run maps the cache");
    assertEquals("-XX:AOTCache=" + aot, mapped.options().get(0));
    assertEquals("hello\n", runJvm(jar, mapped, MODULES));
    assertEquals("used", mapped.finish(0, MODULES));
    assertEquals(recorded, Files.getLastModifiedTime(aot), "reused, not rewritten");

    Files.writeString(aot, "not a cache");
    ClassArchive replacing = archive(jar, hello, List.of(), cache.toString());
    assertTrue(replacing.recording(), "a file that is not a cache is recorded again");
    assertEquals("hello\n", runJvm(jar, replacing, MODULES));
    assertEquals("recorded", replacing.finish(0, MODULES));
    assertTrue(Files.size(aot) > 1000);

    byte[] bytes = Files.readAllBytes(aot);
    for (int i = bytes.length / 3; i < bytes.length; i += 997) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(aot, bytes); // still starts like a cache: only the JVM's checksum finds out
    ClassArchive damaged = archive(jar, hello, List.of(), cache.toString());
    assertFalse(damaged.recording());
    assertEquals(
        "hello\n", runJvm(jar, damaged, MODULES), "damaged cache: the JVM runs without it");
    assertTrue(damaged.finish(0, MODULES).startsWith("ignored"));
    assertFalse(Files.exists(aot), "deleted, so that the next run records it again");
    assertTrue(archive(jar, hello, List.of(), cache.toString()).recording());
    try (Stream<Path> files = Files.list(cache)) {
      List<Path> left = files.toList();
      assertEquals(1, left.size(), "only the next run's record file: " + left);
    }
  }

  @Test
  void aFailedCommandRecordsNothing() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("cache");
    ClassArchive failed = archive(jar, DECODE, List.of(), cache.toString());
    assertEquals("hello\n", runJvm(jar, failed));
    assertTrue(failed.finish(2, List.of()).startsWith("not recorded"));
    try (Stream<Path> files = Files.list(cache)) {
      assertEquals(0, files.count(), "no cache and no temporary file");
    }
  }

  @Test
  void aReadOnlyDirectoryMeansNoRecording() throws Exception {
    Path jar = jar();
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    Assumptions.assumeFalse(Files.isWritable(readOnly), "root writes anyway: see CommandLineIT");
    assertNull(archive(jar, DECODE, List.of(), readOnly.toString()));
  }

  private static String runJvm(Path jar, ClassArchive archive) throws Exception {
    return runJvm(jar, archive, List.of());
  }

  private static String runJvm(Path jar, ClassArchive archive, List<String> jvmOptions)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(archive.options());
    cmd.addAll(List.of("-cp", jar.toString(), Hello.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
