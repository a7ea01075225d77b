package io.ecugateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM options the launcher passes on to the JVM it starts. */
class LauncherTest {

  private static byte[] cmdline(String... args) {
    return (String.join("\0", args) + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void optionsAreTheArgumentsBeforeJar() {
    assertEquals(
        List.of("-Xmx1g", "-Dname=a b", "--add-opens", "java.base/java.lang=ALL-UNNAMED"),
        Launcher.optionsBeforeJar(
            cmdline(
                "/usr/bin/java",
                "-Xmx1g",
                "-Dname=a b",
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "-jar",
                "app.jar",
                "decode",
                "-jar")));
    assertEquals(List.of(), Launcher.optionsBeforeJar(cmdline("java", "-jar", "app.jar")));
    assertNull(Launcher.optionsBeforeJar(cmdline("java", "-cp", "app.jar", "Main")));
    assertNull(Launcher.optionsBeforeJar(new byte[0]));
  }

  @Test
  void serveOnJava24AndLaterRestartsWithUnsafeMemoryAccessAllowed() {
    String[] serve = {"serve", "--port", "8080"};
    assertTrue(Launcher.needsUnsafeAccessOption(24, serve, null));
    assertTrue(Launcher.needsUnsafeAccessOption(25, serve, null));
    assertTrue(
        Launcher.needsUnsafeAccessOption(25, new String[] {"import", "s3://b"}, null),
        "import runs the gateway");
    assertFalse(Launcher.needsUnsafeAccessOption(23, serve, null), "no warning before 24");
    assertFalse(Launcher.needsUnsafeAccessOption(25, serve, "warn"), "the user chose");
    assertFalse(
        Launcher.needsUnsafeAccessOption(25, new String[] {"decode", "x.log"}, null),
        "short commands start once");
    assertFalse(Launcher.needsUnsafeAccessOption(25, new String[0], null));
  }
}
