package io.ecugateway.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;

/**
 * Files that survive a crash or a power cut: a file is written aside, fsynced and renamed over its
 * target, so a reader sees the old content or the new one, never a part. A rename becomes durable
 * only once its directory is fsynced: callers that need that call {@link #fsyncDirectory}.
 */
public final class DurableFiles {
  private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

  private DurableFiles() {}

  /** Replaces {@code target} with {@code bytes} through the sibling {@code <name>.tmp}. */
  public static void replace(Path target, byte[] bytes) throws IOException {
    replace(target, target.resolveSibling(target.getFileName() + ".tmp"), bytes);
  }

  /** Replaces {@code target} with {@code bytes}, written and fsynced in {@code tmp} first. */
  public static void replace(Path target, Path tmp, byte[] bytes) throws IOException {
    write(tmp, bytes);
    moveAtomically(tmp, target);
  }

  /** Writes {@code bytes} as the whole content of {@code file} and fsyncs it. */
  public static void write(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
  }

  /** Renames {@code from} over {@code to} in one step (fails where that is not possible). */
  public static void moveAtomically(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Flushes a file's content and metadata to the disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Makes a rename, create or delete in {@code dir} durable (Linux: fsync on the directory). */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** As {@link #fsyncDirectory}, but does nothing on Windows, which cannot open a directory. */
  public static void fsyncDirectoryIfSupported(Path dir) throws IOException {
    try {
      fsyncDirectory(dir);
    } catch (IOException e) {
      if (!WINDOWS) {
        throw e;
      }
    }
  }

  /**
   * Deletes {@code file} if it exists (null: nothing); a failure is only logged, on {@code log}.
   */
  public static void deleteQuietly(Path file, Logger log) {
    deleteQuietly(file, log, "");
  }

  /** As {@link #deleteQuietly(Path, Logger)}, the log line starting with {@code logPrefix}. */
  public static void deleteQuietly(Path file, Logger log, String logPrefix) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("{}cannot delete {}: {}", logPrefix, file.getFileName(), e.toString());
    }
  }
}
