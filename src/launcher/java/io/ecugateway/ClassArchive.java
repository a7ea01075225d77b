package io.ecugateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A class cache per command for the JVM the launcher starts, so that the classes of a command
 * (picocli's model, the DBC parser, the decoder) come from a mapped file, already parsed, verified
 * and (JDK 24+) linked, instead of being read from the 45 MB jar on every run.
 *
 * <p>On JDK 24 and later it is an ahead-of-time cache: the first run of a command records which
 * classes it uses ({@code -XX:AOTMode=record}) and, if the command succeeded, the launcher
 * assembles the cache from that record ({@code -XX:AOTMode=create}); later runs map it ({@code
 * -XX:AOTCache}, checksum verified). On JDK 21–23 it is a dynamic class-data-sharing archive
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).
 *
 * <p>Safety: the cache lives in a directory only this user can read and write (created 0700; one
 * that another user owns is not used, since a planted cache would be trusted code); files are
 * written under a temporary name and moved into place only when complete; the name carries the
 * jar's and the JDK's identity, so a new jar or JDK records a new cache and the old one is deleted;
 * a cache the JVM cannot use (damaged, truncated, wrong JVM) is ignored by the JVM, which logs an
 * error to a per-run file, and the launcher then deletes it so the next run records it again.
 * Anything unusual — no writable cache directory, options of the user's own for class sharing or
 * logging, a command not worth a cache ({@code serve} runs for days) — means no cache options at
 * all, and the JVM's cache messages never reach the command's output.
 */
final class ClassArchive {
  /** {@code -Decu-gateway.class-cache=off} disables the cache, {@code =DIR} moves it. */
  static final String PROPERTY = "ecu-gateway.class-cache";

  /** {@code -Decu-gateway.class-cache.verbose=true}: one line on stderr saying what happened. */
  static final String VERBOSE_PROPERTY = "ecu-gateway.class-cache.verbose";

  /** First JDK with ahead-of-time caches (JEP 483). */
  static final int AOT_FEATURE = 24;

  /** Short-lived commands whose start-up matters ({@code help} also stands for --help and -h). */
  private static final Set<String> COMMANDS = Set.of("decode", "frames", "dbc", "help");

  private static final String PREFIX = "ecu-gateway-";

  /** The first four bytes of a JDK 24+ AOT cache (little-endian 0xf00baba2). */
  private static final int AOT_MAGIC = 0xf00baba2;

  /** How long assembling a cache may take before the launcher gives up on it. */
  private static final long CREATE_TIMEOUT_SECONDS = 120;

  /**
   * Free space a recording run wants: the JVM fails with exit code 1 when it cannot write a CDS
   * archive at exit (a few MB), and an AOT record and cache take ~35 MB together.
   */
  private static final long MIN_FREE_BYTES = 256L << 20;

  private final Path archive;
  private final Path recording;
  private final boolean aot;
  private final Path errorLog;
  private final Path jar;
  private final Path java;

  private ClassArchive(
      Path archive, Path recording, Path errorLog, boolean aot, Path jar, Path java) {
    this.archive = archive;
    this.recording = recording;
    this.errorLog = errorLog;
    this.aot = aot;
    this.jar = jar;
    this.java = java;
  }

  /**
   * The cache for running {@code args} on {@code java} (feature release {@code feature}) from
   * {@code jar}, or null when there should be none.
   *
   * @param jvmOptions the options the user gave the JVM (forwarded to the child)
   * @param environmentOptions JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS, which the child reads too
   * @param cacheSetting the {@link #PROPERTY} value, may be null
   */
  static ClassArchive forRun(
      Path jar,
      Path java,
      int feature,
      List<String> jvmOptions,
      String environmentOptions,
      String[] args,
      String cacheSetting,
      long pid) {
    String command = command(args);
    if (command == null || "off".equals(cacheSetting) || feature < Launcher.MIN_FEATURE) {
      return null;
    }
    List<String> userOptions = new ArrayList<>(jvmOptions);
    if (environmentOptions != null) {
      userOptions.addAll(List.of(environmentOptions.trim().split("\\s+")));
    }
    for (String o : userOptions) {
      if (o.startsWith("-Xshare")
          || o.contains("SharedArchiveFile")
          || o.contains("ArchiveClassesAtExit")
          || o.contains("AOTCache")
          || o.contains("AOTMode")
          || o.contains("AOTConfiguration")
          || o.startsWith("-Xlog")) {
        return null; // the user controls class sharing or logging
      }
    }
    try {
      Path dir = cacheSetting != null ? Paths.get(cacheSetting) : defaultDirectory();
      if (dir == null || !privateDirectory(dir)) {
        return null;
      }
      boolean aot = feature >= AOT_FEATURE;
      Path archive =
          dir.resolve(PREFIX + command + "-" + key(jar, java, feature) + (aot ? ".aot" : ".jsa"));
      if (usable(archive, aot)) {
        return new ClassArchive(archive, null, aot ? errorLog(archive, pid) : null, aot, jar, java);
      }
      if (!Files.isWritable(dir) || dir.toFile().getUsableSpace() < MIN_FREE_BYTES) {
        return null;
      }
      // created here, not by the JVM: proves the directory writable even for root on a
      // read-only file system, where the JVM would fail at exit
      Path recording =
          Files.createFile(dir.resolve(archive.getFileName() + "." + pid + ".record.tmp"));
      return new ClassArchive(archive, recording, null, aot, jar, java);
    } catch (IOException | RuntimeException e) {
      return null; // no cache directory, unreadable jar: run without a cache
    }
  }

  /** The cache's command name for {@code args}, or null for commands without a cache. */
  private static String command(String[] args) {
    if (args.length == 0) {
      return null;
    }
    String first = "--help".equals(args[0]) || "-h".equals(args[0]) ? "help" : args[0];
    return COMMANDS.contains(first) ? first : null;
  }

  private static String key(Path jar, Path java, int feature) throws IOException {
    return Integer.toHexString(
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
  }

  /**
   * Creates {@code dir} usable only by this user, or checks that an existing one is this user's and
   * takes the group's and others' permissions away (a read-only one stays read-only): false when it
   * belongs to someone else or cannot be made private.
   */
  static boolean privateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return true;
    }
    if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS)
        .getName()
        .equals(System.getProperty("user.name"))) {
      return false;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    // no lambda here: it would cost this short-lived JVM tens of milliseconds
    if (perms.retainAll(
        Set.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE))) {
      try {
        Files.setPosixFilePermissions(dir, perms);
      } catch (IOException e) {
        return false; // read-only file system: still ours, but not private
      }
    }
    return true;
  }

  /** A regular file we can read that starts like a cache of its kind. */
  private static boolean usable(Path archive, boolean aot) {
    if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(archive)) {
      return false;
    }
    if (!aot) {
      return true; // a damaged CDS archive is refused by the JVM (header and class path checks)
    }
    try (InputStream in = Files.newInputStream(archive)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4
          && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() == AOT_MAGIC;
    } catch (IOException e) {
      return false;
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
  List<String> options() {
    List<String> o = new ArrayList<>();
    if (!aot) {
      o.add(
          recording != null
              ? "-XX:ArchiveClassesAtExit=" + recording
              : "-XX:SharedArchiveFile=" + archive);
      // CDS warns on standard output (a class it cannot archive, an archive that does not match)
      o.add("-Xlog:cds*=off");
      return o;
    }
    if (recording != null) {
      o.add("-XX:AOTMode=record");
      o.add("-XX:AOTConfiguration=" + recording);
      // the JVM prints "AOTConfiguration recorded" on standard output, outside unified logging
      o.add("-XX:+UnlockDiagnosticVMOptions");
      o.add("-XX:-DisplayVMOutput");
    } else {
      o.add("-XX:AOTCache=" + archive);
      o.add("-XX:+VerifySharedSpaces"); // a damaged cache is refused, not mapped (a crash)
    }
    o.add("-Xlog:cds*=off");
    o.add("-Xlog:aot*=off");
    if (errorLog != null) {
      // filecount=0: no rotation, which would rename the file created here
      o.add("-Xlog:aot=error,cds=error:file=" + errorLog + "::filecount=0");
    }
    return o;
  }

  /**
   * The file for the errors of the JVM that maps the cache (one per run), or null when it cannot be
   * created (a read-only directory): created here because the JVM refuses to start when it cannot
   * open a log file.
   */
  private static Path errorLog(Path archive, long pid) {
    try {
      return Files.createFile(archive.resolveSibling(archive.getFileName() + "." + pid + ".log"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** True when this run records the cache (the first run of the command). */
  boolean recording() {
    return recording != null;
  }

  /**
   * After the child exited: a recorded cache takes its place if the command succeeded, and caches
   * of the same command for other jars or JDKs are removed; a mapped cache the JVM refused is
   * deleted, to be recorded again. Failures leave no trace and never change the exit code.
   *
   * @param jvmOptions the child's options other than {@link #options()}: the cache is assembled
   *     with the same ones, else the JVM refuses parts of it (module options) or all of it
   * @return what happened, for the verbose line
   */
  String finish(int exitCode, List<String> jvmOptions) {
    if (recording == null) {
      return aot ? checkMapped() : "used";
    }
    try {
      if (exitCode != 0 || !Files.isRegularFile(recording) || Files.size(recording) == 0) {
        return "not recorded (exit code " + exitCode + ")";
      }
      Path built = aot ? assemble(jvmOptions) : recording;
      if (built == null) {
        return "not recorded (the JVM could not assemble it)";
      }
      Files.move(
          built, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      removeOthers();
      return "recorded";
    } catch (IOException | RuntimeException e) {
      return "not recorded (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not recorded (interrupted)";
    } finally {
      deleteQuietly(recording);
    }
  }

  private String checkMapped() {
    Path log = errorLog;
    if (log == null) {
      return "used (no error log: read-only directory)";
    }
    try {
      String errors = Files.isRegularFile(log) ? Files.readString(log) : "";
      // the JVM's last word when it gives up on the whole cache (damaged, truncated, another
      // JVM); other errors disable one optimisation and keep the cache
      if (errors.contains("Unable to map")) {
        Files.deleteIfExists(archive);
        return "ignored: the JVM could not use it; deleted, the next run records it again";
      }
      return errors.isEmpty() ? "used" : "used, with JVM errors: " + errors.strip();
    } catch (IOException e) {
      return "ignored (" + e + ")";
    } finally {
      deleteQuietly(log);
    }
  }

  /**
   * Runs {@code java -XX:AOTMode=create} on the record: the cache in a temporary file, or null when
   * the JVM failed. Its output is discarded; the child's JVM options are kept because the cache
   * must match them (module options, garbage collector, heap size).
   */
  private Path assemble(List<String> jvmOptions) throws IOException, InterruptedException {
    Path built = archive.resolveSibling(recording.getFileName() + ".cache.tmp");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmOptions);
    cmd.add("-XX:AOTMode=create");
    cmd.add("-XX:AOTConfiguration=" + recording);
    cmd.add("-XX:AOTCache=" + built);
    cmd.add("-Xlog:cds*=off");
    cmd.add("-Xlog:aot*=off");
    cmd.add("-cp");
    cmd.add(jar.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean done = p.waitFor(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    if (done && p.exitValue() == 0 && usable(built, true)) {
      return built;
    }
    deleteQuietly(built);
    return null;
  }

  /**
   * Deletes the command's caches for other jars or JDKs, and temporary files that runs killed
   * mid-way left behind (older than an hour: a concurrent run may still be writing a newer one).
   */
  private void removeOthers() throws IOException {
    String name = archive.getFileName().toString();
    String command = name.substring(0, name.lastIndexOf('-') + 1);
    long hourAgo = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(archive.getParent(), command + "*.{jsa,aot,tmp,log}")) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (n.endsWith(".tmp") || n.endsWith(".log")
            ? Files.getLastModifiedTime(p).toMillis() < hourAgo
            : !n.equals(name)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a stray temporary file in the cache directory
    }
  }

  Path archive() {
    return archive;
  }
}
