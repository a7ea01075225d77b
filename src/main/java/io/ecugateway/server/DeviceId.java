package io.ecugateway.server;

import java.util.regex.Pattern;

/**
 * The one rule for device ids, shared by uploads (where the id is a directory of the archive), live
 * ingest (WebSocket, TCP, replay) and the per-device tokens of the configuration: 1 to {@value
 * #MAX_LENGTH} of {@code [A-Za-z0-9_.-]}, not starting with '.' or '-', no "..".
 */
public final class DeviceId {
  public static final int MAX_LENGTH = 128;

  /** The rule in words, for error messages. */
  public static final String RULE =
      "1-" + MAX_LENGTH + " of [A-Za-z0-9_.-], not starting with '.' or '-', no '..'";

  private static final Pattern PATTERN =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0," + (MAX_LENGTH - 1) + "}");

  private DeviceId() {}

  public static boolean valid(String id) {
    return id != null && PATTERN.matcher(id).matches() && !id.contains("..");
  }

  /** "bad device id '…': expected …", the id shortened to 40 characters. */
  public static String problem(String id) {
    String shown = id == null ? "" : id.length() > 40 ? id.substring(0, 40) + "…" : id;
    return "bad device id '" + shown + "': expected " + RULE;
  }
}
