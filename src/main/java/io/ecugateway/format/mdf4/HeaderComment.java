package io.ecugateway.format.mdf4;

import io.ecugateway.format.LogMetadata;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device facts from the header comment XML. CANedge writes {@code <e name="serial number">...</e>}
 * elements under {@code <common_properties>}; values are space-padded. A regex over the elements is
 * enough and never fails on odd XML (no DTDs, no entity expansion).
 */
final class HeaderComment {
  private static final Pattern ELEMENT =
      Pattern.compile("<e\\s+name=\"([^\"]*)\"[^>]*>([^<]*)</e>");
  private static final Pattern TX = Pattern.compile("<TX>([^<]*)</TX>");

  private static final Map<String, String> KEYS =
      Map.of(
          "serial number", LogMetadata.DEVICE_SERIAL,
          "firmware version", LogMetadata.FIRMWARE,
          "hardware version", LogMetadata.HARDWARE,
          "session", LogMetadata.SESSION,
          "split", LogMetadata.SPLIT,
          "comment", LogMetadata.COMMENT,
          "device type", "device_type");

  private HeaderComment() {}

  static void parse(String xml, LogMetadata into) {
    if (xml == null) {
      return;
    }
    Matcher m = ELEMENT.matcher(xml);
    while (m.find()) {
      String key = KEYS.get(m.group(1).trim().toLowerCase(java.util.Locale.ROOT));
      if (key != null && into.get(key) == null) {
        into.put(key, unescape(m.group(2).trim()));
      }
    }
    if (into.get(LogMetadata.COMMENT) == null) {
      Matcher t = TX.matcher(xml);
      if (t.find() && !t.group(1).isBlank()) {
        into.put(LogMetadata.COMMENT, unescape(t.group(1).trim()));
      }
    }
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
