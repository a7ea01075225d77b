package io.ecugateway.format.mdf4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-file ground truth of {@code shared/data/canedge/SOURCES.md}, parsed from its "Verified
 * facts per log file" table and the start-time list, so tests compare against the document itself.
 */
record SourcesFacts(
    String file,
    String serial,
    String session,
    String split,
    long count,
    long firstNs,
    long lastNs,
    boolean inOrder,
    long minNs,
    long maxNs,
    int distinctIds,
    int distinctBusIdeIds,
    Map<String, Long> perBus,
    long tx,
    long extended,
    long startNs) {

  private static final Pattern START = Pattern.compile("^- `([^`]+)`: start \\S+ \\((\\d+) ns\\)");
  private static final Pattern REL = Pattern.compile("\\((\\d+)\\)");
  private static final Pattern MIN_MAX = Pattern.compile("min (\\S+), max (\\S+) ");

  static List<SourcesFacts> load(Path sourcesMd) throws IOException {
    List<String> lines = Files.readAllLines(sourcesMd);
    Map<String, Long> starts = new HashMap<>();
    for (String l : lines) {
      Matcher m = START.matcher(l);
      if (m.find()) {
        starts.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    List<SourcesFacts> out = new ArrayList<>();
    boolean inTable = false;
    for (String l : lines) {
      if (l.startsWith("| file | ID block |")) {
        inTable = true;
        continue;
      }
      if (!inTable || l.startsWith("|---")) {
        continue;
      }
      if (!l.startsWith("| `")) {
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      out.add(parseRow(l, starts));
    }
    return out;
  }

  private static SourcesFacts parseRow(String line, Map<String, Long> starts) {
    String[] c = line.split("\\|");
    String file = c[1].trim().replaceAll("`([^`]+)`.*", "$1");
    String[] sss = c[4].trim().split("/");
    long start = starts.get(file);
    long first = start + rel(c[6]);
    long last = start + rel(c[7]);
    boolean inOrder = c[8].trim().startsWith("yes");
    long min = first;
    long max = last;
    if (!inOrder) {
      Matcher m = MIN_MAX.matcher(c[8]);
      if (!m.find()) {
        throw new IllegalArgumentException("no min/max in " + c[8]);
      }
      min = iso(m.group(1));
      max = iso(m.group(2));
    }
    Map<String, Long> perBus = new LinkedHashMap<>();
    for (String part : c[11].trim().split(",\\s*")) {
      String[] kv = part.split(":");
      perBus.put("can" + kv[0].trim(), Long.parseLong(kv[1].trim()));
    }
    return new SourcesFacts(
        file,
        sss[0],
        sss[1],
        sss[2],
        Long.parseLong(c[5].trim()),
        first,
        last,
        inOrder,
        min,
        max,
        Integer.parseInt(c[9].trim()),
        Integer.parseInt(c[10].trim()),
        perBus,
        Long.parseLong(c[12].trim()),
        Long.parseLong(c[13].trim()),
        start);
  }

  private static long rel(String cell) {
    Matcher m = REL.matcher(cell);
    if (!m.find()) {
      throw new IllegalArgumentException("no relative ns in " + cell);
    }
    return Long.parseLong(m.group(1));
  }

  private static long iso(String s) {
    Instant i = Instant.parse(s);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override
  public String toString() {
    return file;
  }
}
