package io.ecugateway;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * A class-data-sharing archive per command for the JVM the launcher starts, so that the classes of
 * a command (picocli's model, the DBC parser, the decoder) are loaded from a mapped file instead of
 * being read from the 45 MB jar, parsed and verified on every run.
 *
 * <p>The first run of a command records the archive ({@code -XX:ArchiveClassesAtExit}, dumped when
 * the JVM exits) to a file of its own and the launcher moves it into place only if the command
 * succeeded, so concurrent runs never see a half-written archive; later runs map it ({@code
 * -XX:SharedArchiveFile}). The archive's name carries the jar's and the JDK's identity, and the JVM
 * itself rejects an archive that does not match its class path. Anything unusual — no writable
 * cache directory, CDS options given by the user, a command not worth an archive ({@code serve}
 * runs for days; help and version are instant) — means no archive options at all, and the JVM's CDS
 * messages are switched off so that they never mix into a command's standard output.
 */
final class ClassArchive {
  /** {@code -Decu-gateway.class-cache=off} disables the archive, {@code =DIR} moves it. */
  static final String PROPERTY = "ecu-gateway.class-cache";

  /** Short-lived commands whose start-up matters. */
  private static final Set<String> COMMANDS = Set.of("decode", "frames", "dbc");

  private static final String PREFIX = "ecu-gateway-";

  /**
   * Free space a recording run wants: the JVM fails with exit code 1 when it cannot write the
   * archive at exit (a few MB), so a nearly full disk means no recording.
   */
  private static final long MIN_FREE_BYTES = 256L << 20;

  private final Path archive;
  private final Path recording;

  private ClassArchive(Path archive, Path recording) {
    this.archive = archive;
    this.recording = recording;
  }

  /**
   * The archive for running {@code args} on {@code java} (feature release {@code feature}) from
   * {@code jar}, or null when there should be none.
   *
   * @param jvmOptions the options the user gave the JVM (forwarded to the child)
   * @param cacheSetting the {@link #PROPERTY} value, may be null
   */
  static ClassArchive forRun(
      Path jar,
      Path java,
      int feature,
      List<String> jvmOptions,
      String[] args,
      String cacheSetting,
      long pid) {
    if (args.length == 0 || !COMMANDS.contains(args[0]) || "off".equals(cacheSetting)) {
      return null;
    }
    for (String o : jvmOptions) {
      if (o.startsWith("-Xshare")
          || o.contains("SharedArchiveFile")
          || o.contains("ArchiveClassesAtExit")
          || o.contains("AOTCache")
          || o.contains("AOTMode")
          || o.startsWith("-Xlog")) {
        return null; // the user controls class sharing or logging
      }
    }
    try {
      Path dir = cacheSetting != null ? Paths.get(cacheSetting) : defaultDirectory();
      if (dir == null) {
        return null;
      }
      String key =
          Integer.toHexString(
              (jar.toAbsolutePath()
                      + "|"
                      + Files.size(jar)
                      + "|"
                      + Files.getLastModifiedTime(jar).toMillis()
                      + "|"
                      + java.toAbsolutePath()
                      + "|"
                      + Files.getLastModifiedTime(java.toRealPath()).toMillis()
                      + "|"
                      + feature)
                  .hashCode());
      Path archive = dir.resolve(PREFIX + args[0] + "-" + key + ".jsa");
      if (Files.isRegularFile(archive) && Files.isReadable(archive)) {
        return new ClassArchive(archive, null);
      }
      Files.createDirectories(dir);
      if (!Files.isWritable(dir) || dir.toFile().getUsableSpace() < MIN_FREE_BYTES) {
        return null;
      }
      return new ClassArchive(archive, dir.resolve(archive.getFileName() + "." + pid + ".tmp"));
    } catch (IOException | RuntimeException e) {
      return null; // no cache directory, unreadable jar: run without an archive
    }
  }

  /** {@code $XDG_CACHE_HOME/ecu-gateway}, else {@code ~/.cache/ecu-gateway}; null if neither. */
  private static Path defaultDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Paths.get(xdg, "ecu-gateway");
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? null : Paths.get(home, ".cache", "ecu-gateway");
  }

  /** Options for the child JVM. */
  List<String> options(int feature) {
    String use =
        recording != null
            ? "-XX:ArchiveClassesAtExit=" + recording
            : "-XX:SharedArchiveFile=" + archive;
    // CDS warns on standard output (a class it cannot archive, an archive that does not match);
    // since JDK 24 those messages are tagged aot
    return feature >= 24
        ? List.of(use, "-Xlog:cds*=off", "-Xlog:aot*=off")
        : List.of(use, "-Xlog:cds*=off");
  }

  /** True when this run records the archive (the first run of the command). */
  boolean recording() {
    return recording != null;
  }

  /**
   * After the child exited: a recorded archive takes its place if the command succeeded, and
   * archives of the same command for other jars or JDKs are removed; failures leave no trace.
   */
  void finish(int exitCode) {
    if (recording == null) {
      return;
    }
    try {
      if (exitCode == 0 && Files.isRegularFile(recording) && Files.size(recording) > 0) {
        Files.move(
            recording,
            archive,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        removeOthers();
      }
    } catch (IOException | RuntimeException e) {
      // keep running without an archive
    } finally {
      try {
        Files.deleteIfExists(recording);
      } catch (IOException e) {
        // a stray temporary file in the cache directory
      }
    }
  }

  private void removeOthers() throws IOException {
    String name = archive.getFileName().toString();
    String command = name.substring(0, name.lastIndexOf('-') + 1);
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(archive.getParent(), command + "*.jsa")) {
      for (Path p : s) {
        if (!p.getFileName().toString().equals(name)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  Path archive() {
    return archive;
  }
}
