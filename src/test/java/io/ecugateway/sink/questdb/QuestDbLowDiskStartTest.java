package io.ecugateway.sink.questdb;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.sink.SinkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 14: starting the embedded QuestDB on a disk too small for it fails with a message
 * naming the directory, the free space and the space needed, not a NullPointerException from
 * closing the half-started QuestDB. The small disk is a 48 MiB tmpfs (needs root; skipped where
 * mounting is not permitted).
 */
class QuestDbLowDiskStartTest {
  @TempDir Path dir;
  Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      run("umount", "-l", mounted.toString());
    }
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Test
  void aTooSmallDiskFailsTheStartWithAClearMessage() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Assumptions.assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", small.toString()) == 0,
        "skipped: mounting a tmpfs needs root (CAP_SYS_ADMIN) on Linux");
    mounted = small;
    Path root = small.resolve("questdb");
    SinkException e =
        assertThrows(
            SinkException.class,
            () -> QuestDbSink.start(root, "127.0.0.1", 0, "admin", "quest", "", "", false, 0));
    String m = e.getMessage();
    assertTrue(m.contains("not enough free space"), m);
    assertTrue(m.contains(root.toString()), "names the directory: " + m);
    assertTrue(m.contains("MiB free") && m.contains("256 MiB needed"), m);
  }
}
