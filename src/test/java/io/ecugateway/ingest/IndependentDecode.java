package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.Main;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference the gateway is checked against: the same file decoded by the {@code decode} command
 * (the CLI path, no gateway code involved), reduced to what a deduplicating store holds: per
 * message, per (bus, timestamp in µs), the last frame's signal values.
 */
final class IndependentDecode {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** message → "bus@micros" → signal → value (NaN for "NaN"). */
  final Map<String, Map<String, Map<String, Double>>> rows = new HashMap<>();

  long decodedFrames;

  /**
   * Runs {@code decode --dbc BUS=FILE... --output jsonl -o OUT file} in-process.
   *
   * @param dbcs bus ("can1") or "" (all buses) → DBC file
   */
  static IndependentDecode of(Path file, Map<String, Path> dbcs, Path tempDir) throws Exception {
    Path out = Files.createTempFile(tempDir, "decode", ".jsonl");
    List<String> args = new ArrayList<>(List.of("decode"));
    for (Map.Entry<String, Path> e : dbcs.entrySet()) {
      args.add("--dbc");
      args.add(e.getKey().isEmpty() ? e.getValue().toString() : e.getKey() + "=" + e.getValue());
    }
    args.addAll(List.of("--output", "jsonl", "-o", out.toString(), file.toString()));
    assertEquals(0, Main.run(args.toArray(String[]::new)), "decode CLI exit code");
    IndependentDecode d = new IndependentDecode();
    try (BufferedReader r = Files.newBufferedReader(out)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = JSON.readTree(line);
        d.decodedFrames++;
        long micros =
            n.get("t")
                .decimalValue()
                .movePointRight(6)
                .setScale(0, java.math.RoundingMode.FLOOR)
                .longValueExact();
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.get("signals").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> s = it.next();
          JsonNode v = s.getValue();
          values.put(s.getKey(), v.isTextual() ? Double.parseDouble(v.textValue()) : number(v));
        }
        d.rows
            .computeIfAbsent(n.get("message").textValue(), k -> new HashMap<>())
            .put(n.get("bus").textValue() + "@" + micros, values);
      }
    }
    Files.delete(out);
    return d;
  }

  private static double number(JsonNode v) {
    if (v.isBigDecimal()) {
      return ((BigDecimal) v.numberValue()).doubleValue();
    }
    return v.isBigInteger() ? v.bigIntegerValue().doubleValue() : v.doubleValue();
  }

  /** Rows a store deduplicating on (ts, device, bus) holds for this decode. */
  long storedRows() {
    return rows.values().stream().mapToLong(Map::size).sum();
  }
}
