package io.ecugateway.ingest;

import io.ecugateway.server.DeviceId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validated path parts of an upload: device id, session and split, as a CANedge names them ({@code
 * 3BA199E2/00000164/00000001-60FE3F04.MF4}). Only letters, digits, '_', '-' and '.' (not leading)
 * are accepted, so no part can climb out of the archive directory.
 *
 * @param device logger id (e.g. its serial {@code 3BA199E2})
 * @param session session folder ({@code 00000164})
 * @param split split file name as uploaded, with the epoch suffix and extension if sent
 */
public record LogPath(String device, String session, String split) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern EPOCH_SUFFIX = Pattern.compile("-[0-9A-Fa-f]{8}$");

  /**
   * @throws IllegalArgumentException naming the bad part
   */
  public LogPath {
    if (!DeviceId.valid(device)) {
      throw new IllegalArgumentException(DeviceId.problem(device));
    }
    check("session", session);
    check("split", split);
  }

  public static boolean valid(String part) {
    return part != null && PART.matcher(part).matches() && !part.contains("..");
  }

  private static void check(String what, String value) {
    if (!valid(value)) {
      throw new IllegalArgumentException(
          "bad "
              + what
              + " '"
              + (value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "': expected 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-', no '..'");
    }
  }

  /**
   * The split's identity across re-uploads: without extension and without the {@code -XXXXXXXX}
   * epoch suffix the CANedge adds (it re-uploads a split under a new suffix after a connection
   * loss), upper-cased: {@code 00000001-60FE3F04.MF4} → {@code 00000001}.
   */
  public String splitKey() {
    String s = stripExtension(split);
    s = EPOCH_SUFFIX.matcher(s).replaceFirst("");
    return s.toUpperCase(Locale.ROOT);
  }

  /** The extension of the split or, failing that, of {@code fileName} (may be empty). */
  public static String extension(String split, String fileName) {
    String ext = ext(split);
    if (ext.isEmpty() && fileName != null) {
      ext = ext(fileName);
    }
    return ext;
  }

  private static String ext(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return "";
    }
    String e = name.substring(dot + 1);
    return e.length() <= 8 && e.chars().allMatch(Character::isLetterOrDigit)
        ? e.toLowerCase(Locale.ROOT)
        : "";
  }

  private static String stripExtension(String name) {
    return ext(name).isEmpty() ? name : name.substring(0, name.lastIndexOf('.'));
  }
}
