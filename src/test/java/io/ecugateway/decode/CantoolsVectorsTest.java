package io.ecugateway.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.testing.SharedData;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every frame of {@code vectors/decode_dev.jsonl} (cantools 42.0.3 reference) decodes to the same
 * message, the same set of signals, the same physical and raw values (tolerance 1e-9 relative or
 * absolute) and the same integer/float kind.
 */
class CantoolsVectorsTest {
  private static final double TOL = 1e-9;

  @Test
  void decodesLikeCantools() throws Exception {
    Path vectors = SharedData.require("vectors/decode_dev.jsonl");
    Path corpus = SharedData.require("dbc-corpus");
    ObjectMapper json = new ObjectMapper();
    Map<String, DbcDecoder> decoders = new HashMap<>();
    List<String> failures = new ArrayList<>();
    int frames = 0;
    try (BufferedReader in = Files.newBufferedReader(vectors)) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode v = json.readTree(line);
        frames++;
        String dbc = v.get("dbc").asText();
        DbcDecoder decoder = decoders.computeIfAbsent(dbc, f -> compile(corpus.resolve(f)));
        byte[] data = HexFormat.of().parseHex(v.get("data_hex").asText());
        DecodeResult r = decoder.newResult();
        String where = dbc + " " + v.get("message").asText() + " " + v.get("data_hex").asText();
        if (!decoder.decode(
            v.get("frame_id").asInt(), v.get("is_extended").asBoolean(), data, data.length, r)) {
          failures.add(where + ": no message matched");
          continue;
        }
        compare(where, v, r, failures);
      }
    }
    assertEquals(658, frames, "vector count");
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " mismatches, first: "
              + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
  }

  private static DbcDecoder compile(Path p) {
    try {
      return DbcDecoder.compile(DbcParser.parse(p));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void compare(String where, JsonNode v, DecodeResult r, List<String> failures) {
    if (!r.messageName().equals(v.get("message").asText())) {
      failures.add(where + ": matched " + r.messageName());
      return;
    }
    Set<String> expected = new TreeSet<>();
    v.get("signals").fieldNames().forEachRemaining(expected::add);
    Set<String> actual = new TreeSet<>();
    for (int k = 0; k < r.count(); k++) {
      actual.add(r.signal(r.signalIndex(k)).name());
    }
    if (!expected.equals(actual)) {
      failures.add(where + ": signals " + actual + " expected " + expected);
      return;
    }
    for (int k = 0; k < r.count(); k++) {
      int i = r.signalIndex(k);
      String name = r.signal(i).name();
      JsonNode phys = v.get("signals").get(name);
      JsonNode raw = v.get("raw").get(name);
      check(
          where + " " + name + " physical",
          phys,
          r.isInteger(i),
          r.longValue(i),
          r.value(i),
          r.isUnsignedLong(i),
          failures);
      if (r.isFloat(i)) {
        check(where + " " + name + " raw", raw, false, 0, r.rawFloat(i), false, failures);
      } else {
        check(
            where + " " + name + " raw",
            raw,
            true,
            r.raw(i),
            r.raw(i),
            r.isUnsignedLong(i),
            failures);
      }
    }
  }

  private static void check(
      String what,
      JsonNode expected,
      boolean isInt,
      long l,
      double d,
      boolean unsigned,
      List<String> failures) {
    if (expected.isTextual()) {
      double e = Double.parseDouble(expected.asText());
      if (isInt || !(Double.compare(e, d) == 0)) {
        failures.add(what + ": " + d + " expected " + expected.asText());
      }
      return;
    }
    if (expected.isIntegralNumber()) {
      if (!isInt) {
        failures.add(what + ": got float " + d + " expected int " + expected);
        return;
      }
      String got = unsigned ? Long.toUnsignedString(l) : Long.toString(l);
      if (!got.equals(expected.bigIntegerValue().toString())) {
        failures.add(what + ": " + got + " expected " + expected);
      }
      return;
    }
    if (isInt) {
      failures.add(what + ": got int " + l + " expected float " + expected);
      return;
    }
    double e = expected.doubleValue();
    if (!(Math.abs(e - d) <= TOL || Math.abs(e - d) <= TOL * Math.abs(e))) {
      failures.add(what + ": " + d + " expected " + e);
    }
  }
}
