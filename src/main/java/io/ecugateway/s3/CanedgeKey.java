package io.ecugateway.s3;

import io.ecugateway.ingest.LogPath;
import io.ecugateway.server.DeviceId;
import java.util.Locale;

/**
 * What an object key means in a CANedge bucket: a log ({@code <device>/<session>/<split>.MF4}, also
 * {@code .MFC}, {@code .MFE}, {@code .MFM}), the device's heartbeat ({@code <device>/device.json}),
 * its schema, configuration or firmware files, or something else (a plain object).
 *
 * @param kind what it is
 * @param device the device of its first segment when that is a device id, else null
 * @param log the log's path (LOG only)
 */
record CanedgeKey(Kind kind, String device, LogPath log) {
  enum Kind {
    LOG,
    HEARTBEAT,
    SCHEMA,
    CONFIG,
    FIRMWARE,
    OTHER
  }

  static CanedgeKey of(String key) {
    String[] parts = key.split("/", -1);
    String device = parts.length > 1 && DeviceId.valid(parts[0]) ? parts[0] : null;
    if (device == null) {
      return new CanedgeKey(Kind.OTHER, null, null);
    }
    if (parts.length == 3 && isLogName(parts[2]) && LogPath.valid(parts[1])) {
      return new CanedgeKey(Kind.LOG, device, new LogPath(device, parts[1], parts[2]));
    }
    if (parts.length != 2) {
      return new CanedgeKey(Kind.OTHER, device, null);
    }
    String name = parts[1].toLowerCase(Locale.ROOT);
    Kind kind =
        name.equals("device.json")
            ? Kind.HEARTBEAT
            : name.startsWith("schema-")
                ? Kind.SCHEMA
                : name.startsWith("config-")
                    ? Kind.CONFIG
                    : name.startsWith("firmware") ? Kind.FIRMWARE : Kind.OTHER;
    return new CanedgeKey(kind, device, null);
  }

  private static boolean isLogName(String name) {
    if (!LogPath.valid(name)) {
      return false;
    }
    String n = name.toUpperCase(Locale.ROOT);
    return n.endsWith(".MF4") || n.endsWith(".MFC") || n.endsWith(".MFE") || n.endsWith(".MFM");
  }
}
