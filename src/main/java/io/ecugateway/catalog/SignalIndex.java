package io.ecugateway.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which devices have which message tables and signals, with units and the time range seen. Kept by
 * the gateway next to the store ({@code <dataDir>/signals.json}) so listing devices and signals
 * never scans the store. Updated after each stored upload; updates merge (min of first seen, max of
 * last seen), so replaying an upload changes nothing.
 */
public final class SignalIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SignalIndex.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One message table of one device.
   *
   * @param message DBC message name
   * @param table table name in the store
   * @param signals DBC signal names, in column order
   * @param columns column names, same order
   * @param units units, same order
   * @param firstSeenMicros earliest row time, µs since the epoch
   * @param lastSeenMicros latest row time
   */
  public record MessageEntry(
      String message,
      String table,
      List<String> signals,
      List<String> columns,
      List<String> units,
      long firstSeenMicros,
      long lastSeenMicros) {

    MessageEntry merge(MessageEntry o) {
      List<String> s = new ArrayList<>(signals);
      List<String> c = new ArrayList<>(columns);
      List<String> u = new ArrayList<>(units);
      for (int i = 0; i < o.columns.size(); i++) {
        int at = c.indexOf(o.columns.get(i));
        if (at < 0) {
          s.add(o.signals.get(i));
          c.add(o.columns.get(i));
          u.add(o.units.get(i));
        } else {
          u.set(at, o.units.get(i));
        }
      }
      return new MessageEntry(
          message,
          table,
          s,
          c,
          u,
          Math.min(firstSeenMicros, o.firstSeenMicros),
          Math.max(lastSeenMicros, o.lastSeenMicros));
    }
  }

  /** A signal resolved for a query. */
  public record SignalRef(MessageEntry entry, int index) {
    public String name() {
      return entry.message() + "." + entry.signals().get(index);
    }

    public String column() {
      return entry.columns().get(index);
    }

    public String unit() {
      return entry.units().get(index);
    }
  }

  private final Path file;

  /** device → table (lower case) → entry; copy-on-write under {@code this}. */
  private volatile Map<String, Map<String, MessageEntry>> devices = Map.of();

  public SignalIndex(Path file) throws IOException {
    this.file = file;
    if (Files.isRegularFile(file)) {
      try {
        devices =
            JSON.readValue(
                file.toFile(), new TypeReference<Map<String, Map<String, MessageEntry>>>() {});
      } catch (IOException e) {
        LOG.error(
            "signal index {} unreadable ({}); it refills with the next uploads",
            file,
            e.getMessage());
      }
    }
  }

  /** Merges what one upload stored and persists the index. */
  public synchronized void record(String device, Collection<MessageEntry> entries)
      throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    Map<String, Map<String, MessageEntry>> next = new TreeMap<>(devices);
    Map<String, MessageEntry> tables = new TreeMap<>(next.getOrDefault(device, Map.of()));
    for (MessageEntry e : entries) {
      String key = e.table().toLowerCase(java.util.Locale.ROOT);
      MessageEntry old = tables.get(key);
      tables.put(key, old == null ? e : old.merge(e));
    }
    next.put(device, tables);
    DurableFiles.replace(file, JSON.writeValueAsBytes(next));
    devices = next;
  }

  public List<String> devices() {
    return List.copyOf(devices.keySet());
  }

  public Collection<MessageEntry> messages(String device) {
    return devices.getOrDefault(device, Map.of()).values();
  }

  /**
   * Finds a signal by {@code Message.Signal} or, when unambiguous, by {@code Signal} alone.
   *
   * @throws IllegalArgumentException when the name matches several messages (lists them)
   */
  public Optional<SignalRef> find(String device, String name) {
    List<SignalRef> matches = new ArrayList<>();
    for (MessageEntry e : messages(device)) {
      for (int i = 0; i < e.signals().size(); i++) {
        String s = e.signals().get(i);
        if (name.equals(e.message() + "." + s)
            || name.equals(e.table() + "." + e.columns().get(i))) {
          return Optional.of(new SignalRef(e, i));
        }
        if (name.equals(s)) {
          matches.add(new SignalRef(e, i));
        }
      }
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "signal '"
              + name
              + "' is ambiguous: "
              + String.join(", ", matches.stream().map(SignalRef::name).toList()));
    }
    return matches.stream().findFirst();
  }
}
