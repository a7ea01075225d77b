package io.ecugateway.sink.questdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the embedded QuestDB its native libraries from a directory of the gateway's own. Left to
 * itself, QuestDB copies them (~9 MB) out of its jar into the system temporary directory at every
 * start and deletes them only at a normal exit, so every {@code kill -9} or crash leaves a copy
 * behind. Here they are unpacked once per QuestDB build into {@code <dir>/<content hash>/} (files
 * written aside and renamed, so a half-written library is never loaded) and QuestDB is pointed
 * there with its {@code questdb.libs.dir} property; older builds' directories are removed. Must run
 * before QuestDB's first class that needs them loads. Without the libraries in the classpath
 * (another platform) or a writable directory, QuestDB's own behaviour stays.
 */
final class QuestDbNativeLibs {
  static final String PROPERTY = "questdb.libs.dir";
  private static final Logger LOG = LoggerFactory.getLogger(QuestDbNativeLibs.class);

  private QuestDbNativeLibs() {}

  /** Unpacks the libraries under {@code dir} if needed and sets {@value #PROPERTY}. */
  static synchronized void prepare(Path dir) {
    if (System.getProperty(PROPERTY) != null) {
      return; // the operator's choice, or done already in this JVM
    }
    String folder = resourceFolder();
    String ext = extension();
    if (folder == null || ext == null) {
      return;
    }
    try {
      byte[] cxx = resource(folder + "libquestdb" + ext);
      byte[] rust = resource(folder + "libquestdbr" + ext);
      if (cxx == null || rust == null) {
        return;
      }
      Path target = dir.resolve(hash(cxx, rust));
      install(target, "libquestdb" + ext, cxx);
      install(target, "libquestdbr" + ext, rust);
      removeOthers(dir, target);
      System.setProperty(PROPERTY, target.toString());
    } catch (IOException e) {
      LOG.debug(
          "QuestDB unpacks its native libraries into the temporary directory: {}", e.toString());
    }
  }

  /** Where QuestDB's jar keeps the libraries for this platform (as QuestDB itself names it). */
  private static String resourceFolder() {
    String os = System.getProperty("os.name", "");
    String name =
        os.startsWith("Linux")
            ? "linux"
            : os.startsWith("Mac") ? "darwin" : os.startsWith("FreeBSD") ? "freebsd" : null;
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String archName = arch.equals("aarch64") ? "aarch64" : "x86-64";
    return name == null ? null : "/io/questdb/bin/" + name + "-" + archName + "/";
  }

  private static String extension() {
    return System.getProperty("os.name", "").startsWith("Mac") ? ".dylib" : ".so";
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = QuestDbNativeLibs.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String hash(byte[] a, byte[] b) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(a);
      sha.update(b);
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Writes {@code name} into {@code dir} unless it is there whole already (same size). */
  private static void install(Path dir, String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file) && Files.size(file) == content.length) {
      return; // the directory name is the content hash; files appear only by rename
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, name, ".part");
    try {
      Files.write(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Libraries of QuestDB builds this gateway no longer runs. */
  private static void removeOthers(Path dir, Path keep) {
    try (DirectoryStream<Path> builds = Files.newDirectoryStream(dir)) {
      for (Path build : builds) {
        if (!build.equals(keep) && Files.isDirectory(build)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(build)) {
            for (Path f : files) {
              Files.deleteIfExists(f);
            }
          }
          Files.deleteIfExists(build);
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot remove old QuestDB libraries in {}: {}", dir, e.toString());
    }
  }
}
