package io.ecugateway.s3import;

import io.ecugateway.ingest.LogPath;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises the object keys a CANedge writes: {@code [<prefix>]<device>/<session>/<split>.MF4} (or
 * {@code .MFC}, {@code .MFE}, {@code .MFM}, any case), the split with or without its {@code -<epoch
 * hex>} suffix. Whatever comes before the last three path segments is a prefix ({@code LOG/}, a
 * fleet folder...), so a bucket imports the same with or without a prefix given.
 */
final class CanedgeKey {
  private static final Set<String> LOG_EXTENSIONS = Set.of("mf4", "mfc", "mfe", "mfm");

  private CanedgeKey() {}

  /** The log's device, session and split, or null when {@code key} is not a CANedge log. */
  static LogPath parse(String key) {
    String[] parts = key.split("/", -1);
    if (parts.length < 3) {
      return null;
    }
    String device = parts[parts.length - 3];
    String session = parts[parts.length - 2];
    String split = parts[parts.length - 1];
    int dot = split.lastIndexOf('.');
    if (dot <= 0 || !LOG_EXTENSIONS.contains(split.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return null;
    }
    if (!LogPath.valid(device) || !LogPath.valid(session) || !LogPath.valid(split)) {
      return null;
    }
    try {
      return new LogPath(device, session, split);
    } catch (IllegalArgumentException e) {
      return null; // not a device id
    }
  }
}
