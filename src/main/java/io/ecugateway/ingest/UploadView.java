package io.ecugateway.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON shape of {@code GET /api/v1/uploads/{id}}. */
final class UploadView {
  private UploadView() {}

  static Map<String, Object> of(Upload u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("status", u.state().name().toLowerCase(Locale.ROOT));
    if (u.reason() != null) {
      m.put("reason", u.reason());
    }
    m.put("device", u.device());
    m.put("session", u.session());
    m.put("split", u.split());
    m.put("splitKey", u.splitKey());
    if (u.fileName() != null) {
      m.put("fileName", u.fileName());
    }
    m.put("bytes", u.bytes());
    m.put("receivedAt", Instant.ofEpochMilli(u.receivedAt()).toString());
    if (u.format() != null) {
      m.put("format", u.format());
    }
    m.put("frames", u.frames());
    m.put("decodedMessages", u.messages());
    m.put("unknownFrames", u.unknownFrames());
    m.put("unknownIds", u.unknownIds());
    m.put("outOfWindowFrames", u.outOfWindowFrames());
    m.put("attempts", u.attempts());
    m.put("durationMs", u.durationMs());
    if (u.durationMs() > 0 && u.frames() > 0) {
      m.put("framesPerSecond", Math.round(u.frames() * 1000.0 / u.durationMs()));
    }
    return m;
  }
}
