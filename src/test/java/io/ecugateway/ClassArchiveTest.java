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
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data-sharing archive: when it is used, recorded, and how it fails. */
class ClassArchiveTest {
  @TempDir Path dir;

  private static final String[] DECODE = {"decode", "--dbc", "x.dbc", "x.log"};

  /** What the child JVM runs in the end-to-end test: prints one line. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }

  private ClassArchive archive(Path jar, String[] args, List<String> options, String cache) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ClassArchive.forRun(jar, java, Runtime.version().feature(), options, args, cache, 42);
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
    assertNull(archive(jar, new String[] {"--help"}, List.of(), cache));
    assertNull(archive(jar, DECODE, List.of(), "off"));
    for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=a.jsa", "-Xlog:gc")) {
      assertNull(archive(jar, DECODE, List.of(own), cache), own);
    }
  }

  @Test
  void noCacheDirectoryMeansNoArchive() throws Exception {
    Path jar = jar();
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    assertNull(archive(jar, DECODE, List.of(), file.resolve("cache").toString()));
    assertNull(archive(dir.resolve("missing.jar"), DECODE, List.of(), dir.toString()));
  }

  @Test
  void aSuccessfulFirstRunRecordsTheArchiveLaterRunsMapIt() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache);
    Path stale = Files.writeString(cache.resolve("ecu-gateway-decode-0.jsa"), "old jar");
    Path otherCommand = Files.writeString(cache.resolve("ecu-gateway-frames-0.jsa"), "x");

    ClassArchive failed = archive(jar, DECODE, List.of(), cache.toString());
    assertTrue(failed.recording());
    Path recording = recordingPath(failed);
    Files.writeString(recording, "archive");
    failed.finish(1);
    assertFalse(Files.exists(failed.archive()), "a failed command leaves no archive");
    assertFalse(Files.exists(recording));

    ClassArchive first = archive(jar, DECODE, List.of(), cache.toString());
    Files.writeString(recordingPath(first), "archive");
    first.finish(0);
    assertEquals("archive", Files.readString(first.archive()));
    assertFalse(Files.exists(stale), "archives of other jars go");
    assertTrue(Files.exists(otherCommand));

    ClassArchive later = archive(jar, DECODE, List.of(), cache.toString());
    assertFalse(later.recording());
    assertEquals(
        "-XX:SharedArchiveFile=" + first.archive(),
        later.options(Runtime.version().feature()).get(0));
  }

  private static Path recordingPath(ClassArchive a) {
    String option = a.options(Runtime.version().feature()).get(0);
    assertTrue(option.startsWith("-XX:ArchiveClassesAtExit="), option);
    return Path.of(option.substring(option.indexOf('=') + 1));
  }

  /**
   * A real JVM with the options: recording, mapping, and a damaged archive all leave standard
   * output and the exit code alone.
   */
  @Test
  void theJvmStaysSilentAndSucceedsWithEveryArchiveState() throws Exception {
    Path jar = jar();
    Path cache = dir.resolve("cache");
    String[] hello = {"decode"};

    ClassArchive first = archive(jar, hello, List.of(), cache.toString());
    assertTrue(first.recording());
    assertEquals("hello\n", runJvm(jar, first), "recording run");
    first.finish(0);
    assertTrue(Files.size(first.archive()) > 0, "the JVM wrote the archive");

    ClassArchive mapped = archive(jar, hello, List.of(), cache.toString());
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

  private static String runJvm(Path jar, ClassArchive archive) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(archive.options(Runtime.version().feature()));
    cmd.addAll(List.of("-cp", jar.toString(), Hello.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
