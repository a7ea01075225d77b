package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One line per event, also for the events that used to flood the log: a client that leaves in the
 * middle of a multipart upload (Vert.x printed two stack traces and two errors for it), and a
 * missing DBC directory (warned at every rescan, every {@code decode.reloadSeconds}).
 */
class QuietLogIT {
  @TempDir Path dir;

  @Test
  void anAbortedMultipartUploadAndAMissingDbcDirectoryAreOneLineEach() throws Exception {
    int port = PackagedJar.freePort();
    try (PackagedJar jar =
        PackagedJar.in(dir)
            .java(PackagedJar.testJava())
            .env("ECUGW_HTTP_PORT", Integer.toString(port))
            .env("ECUGW_STORAGE_QUESTDB_PG_PORT", Integer.toString(PackagedJar.freePort()))
            .env("ECUGW_DECODE_RELOAD_SECONDS", "1")
            .start("serve")) {
      jar.awaitLine("listening on", Duration.ofSeconds(90));
      for (int i = 0; i < 2; i++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          OutputStream out = s.getOutputStream();
          out.write(
              ("POST /api/v1/devices/DEV1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: multipart/form-data; boundary=XX\r\n"
                      + "Content-Length: 100000\r\n\r\n--XX\r\n"
                      + "Content-Disposition: form-data; name=\"file\"; filename=\"a.MF4\"\r\n"
                      + "Content-Type: application/octet-stream\r\n\r\n"
                      + "x".repeat(5000))
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(300);
        }
      }
      Thread.sleep(3000); // three rescans of the missing DBC directory
      String log = jar.output();
      assertEquals(2, count(log, "multipart body aborted"), log);
      assertEquals(1, count(log, "does not exist: uploads will store no signals"), log);
      assertEquals(0, count(log, "Exception"), log);
      assertEquals(0, count(log, "\tat "), "no stack traces:\n" + log);
      assertTrue(jar.isAlive(), log);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
