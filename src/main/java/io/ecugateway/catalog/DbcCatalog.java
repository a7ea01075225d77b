package io.ecugateway.catalog;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DBC files of the {@code dbc/} directory, parsed once, and which of them decode which device
 * and bus. A file named {@code canN-<name>.dbc} (the CSS Electronics convention) applies to bus
 * {@code canN} only; other files apply to every bus. A device uses the files listed for it in
 * {@code decode.deviceDbcs}, or else {@code decode.defaultDbcs} ({@code *} = every file).
 *
 * <p>{@link #refresh()} re-reads changed, added and removed files (called periodically); decoders
 * handed out earlier stay valid, so running uploads finish with the DBCs they started with.
 */
public final class DbcCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(DbcCatalog.class);
  private static final Pattern BUS_PREFIX =
      Pattern.compile("^(can|lin)(\\d+)-", Pattern.CASE_INSENSITIVE);

  private final Path dir;
  private final List<String> defaults;
  private final Map<String, List<String>> perDevice;
  private final UnaryOperator<Dbc> prepare;

  /** File name → parsed file (with the stamp it was parsed at). Replaced wholesale on refresh. */
  private volatile Map<String, Loaded> files = Map.of();

  /** The missing directory was reported and has not come back since. */
  private boolean dirMissingReported;

  private final Map<String, DeviceDecoders> byDevice = new ConcurrentHashMap<>();

  private record Loaded(Dbc dbc, long modified, long size) {}

  /**
   * @param prepare applied to every parsed file before compiling (with multi-frame reassembly:
   *     {@code DbcTransport::matchLongMessagesByPgn})
   */
  public DbcCatalog(
      Path dir,
      List<String> defaults,
      Map<String, List<String>> perDevice,
      UnaryOperator<Dbc> prepare) {
    this.prepare = prepare;
    this.dir = dir;
    this.defaults = List.copyOf(defaults);
    this.perDevice = Map.copyOf(perDevice);
    refresh();
  }

  /**
   * Rescans the directory; re-parses files whose size or mtime changed.
   *
   * @return true when anything changed
   */
  public synchronized boolean refresh() {
    Map<String, Loaded> current = files;
    Map<String, Loaded> next = new TreeMap<>();
    boolean changed = false;
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
        for (Path p : list) {
          String name = p.getFileName().toString();
          if (!name.toLowerCase(Locale.ROOT).endsWith(".dbc") || !Files.isRegularFile(p)) {
            continue;
          }
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          long modified = a.lastModifiedTime().toMillis();
          Loaded old = current.get(name);
          if (old != null && old.modified == modified && old.size == a.size()) {
            next.put(name, old);
            continue;
          }
          changed = true;
          try {
            Dbc dbc = prepare.apply(DbcParser.parse(p));
            next.put(name, new Loaded(dbc, modified, a.size()));
            LOG.info(
                "DBC {} {}: {} messages, {} warnings",
                old == null ? "loaded" : "reloaded",
                name,
                dbc.messages().size(),
                dbc.warnings().size());
          } catch (IOException | RuntimeException e) {
            LOG.error("DBC {} not usable: {}", name, e.getMessage());
          }
        }
      } catch (IOException e) {
        LOG.error("cannot list DBC directory {}: {}", dir, e.toString());
        return false;
      }
    } else if (!dirMissingReported) {
      LOG.warn("DBC directory {} does not exist: uploads will store no signals", dir);
    }
    dirMissingReported = !Files.isDirectory(dir); // once per disappearance, not every rescan
    for (String name : current.keySet()) {
      if (!next.containsKey(name)) {
        changed = true;
        LOG.info("DBC removed: {}", name);
      }
    }
    if (changed || files.isEmpty()) {
      files = Map.copyOf(next);
      byDevice.clear();
    }
    return changed;
  }

  /** Names of the usable DBC files. */
  public List<String> fileNames() {
    return List.copyOf(files.keySet());
  }

  /** The parsed file of that name in the current snapshot, or null. */
  public Dbc dbc(String fileName) {
    Loaded l = files.get(fileName);
    return l == null ? null : l.dbc;
  }

  /** The decoders for a device, one per bus, built on first use. */
  public DeviceDecoders forDevice(String device) {
    return byDevice.computeIfAbsent(device, this::build);
  }

  private DeviceDecoders build(String device) {
    Map<String, Loaded> snapshot = files;
    List<String> wanted = perDevice.getOrDefault(device, defaults);
    List<Dbc> allBuses = new ArrayList<>();
    Map<String, List<Dbc>> perBus = new TreeMap<>();
    List<String> used = new ArrayList<>();
    for (String name : expand(wanted, snapshot)) {
      Loaded l = snapshot.get(name);
      if (l == null) {
        LOG.warn("[device: {}] DBC {} is configured but not in {}", device, name, dir);
        continue;
      }
      used.add(name);
      String bus = busOf(name);
      if (bus == null) {
        allBuses.add(l.dbc);
      } else {
        perBus.computeIfAbsent(bus, b -> new ArrayList<>()).add(l.dbc);
      }
    }
    Map<String, DbcDecoder> decoders = new HashMap<>();
    for (Map.Entry<String, List<Dbc>> e : perBus.entrySet()) {
      List<Dbc> list = new ArrayList<>(allBuses);
      list.addAll(e.getValue());
      decoders.put(e.getKey(), DbcDecoder.compile(list, w -> {}));
    }
    DbcDecoder fallback = DbcDecoder.compile(allBuses, w -> {});
    return new DeviceDecoders(List.copyOf(used), Map.copyOf(decoders), fallback);
  }

  private static List<String> expand(List<String> wanted, Map<String, Loaded> snapshot) {
    List<String> out = new ArrayList<>();
    for (String w : wanted) {
      if (w.equals("*")) {
        for (String n : snapshot.keySet()) {
          if (!out.contains(n)) {
            out.add(n);
          }
        }
      } else if (!out.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** {@code can2-gps.dbc} → {@code can2}; null for a file that applies to every bus. */
  public static String busOf(String fileName) {
    Matcher m = BUS_PREFIX.matcher(fileName);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) + Integer.parseInt(m.group(2)) : null;
  }

  /**
   * The compiled decoders of one device: per bus, the bus's own files plus the all-bus files.
   *
   * @param files DBC file names in use
   */
  public record DeviceDecoders(
      List<String> files, Map<String, DbcDecoder> perBus, DbcDecoder allBuses) {

    /** The decoder for a bus name as the reader reports it ({@code can1}...). */
    public DbcDecoder forBus(String bus) {
      DbcDecoder d = bus == null ? null : perBus.get(bus.toLowerCase(Locale.ROOT));
      return d != null ? d : allBuses;
    }
  }
}
