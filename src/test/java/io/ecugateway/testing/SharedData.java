package io.ecugateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates {@code ../shared/data} (next to the repository root). Tests that need it call {@link
 * #require(String)}, which skips the test with a clear message where the directory is absent.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("shared.data");
    Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared", "data");
    return p.toAbsolutePath().normalize();
  }

  public static Path require(String relative) {
    Path p = root().resolve(relative);
    assumeTrue(
        Files.exists(p),
        () -> "shared test data not found at " + p + " (expected ../shared/data next to the repo)");
    return p;
  }
}
