package io.ecugateway.s3import;

import io.ecugateway.testing.TestS3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bucket laid out like a fleet's: every sample log of {@code ../shared/data/canedge} under {@code
 * LOG/<device>/<session>/<split>} (the {@code LOG/} tree as it is, the finalized copies beside it),
 * plus objects a fleet bucket holds that are not logs.
 */
final class FleetBucket {
  /** Objects that are not CANedge logs: heartbeats, configs, notes, a log-named folder. */
  static final List<String> OTHER_KEYS =
      List.of(
          "LOG/3BA199E2/device.json",
          "LOG/3BA199E2/config-01.09.json",
          "README.txt",
          "LOG/3BA199E2/00000164/notes.txt",
          "LOG/00000001.MF4");

  private FleetBucket() {}

  /** Object key → sample file, in key order. */
  static Map<String, Path> logs(Path canedge) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    for (String tree : List.of("LOG", "LOG_finalized_sorted")) {
      Path root = canedge.resolve(tree);
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          out.put("LOG/" + root.relativize(f).toString().replace('\\', '/'), f);
        }
      }
    }
    return out;
  }

  /** Creates {@code bucket} with the logs under their keys and the {@link #OTHER_KEYS}. */
  static void fill(TestS3Server s3, String bucket, Map<String, Path> logs) {
    s3.createBucket(bucket);
    logs.forEach((key, file) -> s3.put(bucket, key, file));
    for (String key : OTHER_KEYS) {
      s3.put(bucket, key, ("{\"not\":\"a log: " + key + "\"}").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The sample DBC files for buses can1 (J1939 demo) and can2 (GNSS module) in {@code dir}. */
  static Path dbcDir(Path canedge, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(
        canedge.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
        dir.resolve("can1-j1939.dbc"));
    Files.copy(canedge.resolve("dbc/canmod-gps.dbc"), dir.resolve("can2-canmod-gps.dbc"));
    return dir;
  }

  /** A gateway configuration: loopback, data and QuestDB in {@code dir}, the bucket to import. */
  static Path config(
      Path dir, int httpPort, int pgPort, Path dbcDir, TestS3Server s3, String bucket)
      throws IOException {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http:
          port: %d
        storage:
          dataDir: %s
          questdb:
            pgPort: %d
        decode:
          dbcDir: %s
          workers: 2
          reloadSeconds: 0
          passwords: {default: passwordpasswordpassword}
        shutdown:
          drainSeconds: 10
        s3import:
          bucket: %s
          endpoint: %s
          accessKey: %s
          secretKey: %s
        """
            .formatted(
                httpPort,
                dir.resolve("data"),
                pgPort,
                dbcDir,
                bucket,
                s3.endpoint(),
                TestS3Server.ACCESS_KEY,
                TestS3Server.SECRET_KEY));
    return config;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Rows per table in the embedded QuestDB (over its PostgreSQL wire port). */
  static Map<String, Long> rowsPerTable(int pgPort) throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", "admin", "quest");
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT table_name FROM tables()")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        if (t.startsWith("sys.") || t.startsWith("telemetry")) {
          continue;
        }
        try (ResultSet rs = st.executeQuery("SELECT count() FROM \"" + t + "\"")) {
          rs.next();
          rows.put(t, rs.getLong(1));
        }
      }
    }
    return rows;
  }
}
