package io.ecugateway.format;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Options every reader receives. Immutable.
 *
 * @param passwords device serial (or {@code "default"}) → password, for .MFE/.MFM (passwords.json)
 * @param warnings receives recoverable problems, already prefixed with the file name
 * @param tempDir where stream sources are spooled when a format needs random access
 */
public record ReadOptions(Map<String, String> passwords, Consumer<String> warnings, Path tempDir) {
  public ReadOptions {
    passwords = Map.copyOf(passwords);
  }

  public static ReadOptions defaults() {
    return new ReadOptions(
        Map.of(),
        w -> System.err.println("warning: " + w),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  public ReadOptions withPasswords(Map<String, String> p) {
    return new ReadOptions(p, warnings, tempDir);
  }

  public ReadOptions withWarnings(Consumer<String> w) {
    return new ReadOptions(passwords, w, tempDir);
  }
}
