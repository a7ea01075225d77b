package io.ecugateway.cli;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code --dbc [BUS=]FILE} options: DBC files without a bus apply to every bus, {@code
 * can1=FILE} only to frames of bus {@code can1}. Each bus gets one decoder compiled from its files
 * (unbound files first, then the bus's own, so a bus-specific file wins identifier clashes).
 */
final class DbcBindings {
  private static final Pattern BUS = Pattern.compile("[A-Za-z0-9_.:-]+");

  /** One {@code --dbc} argument. */
  record Spec(String bus, Path file) {
    static Spec parse(String arg) {
      int eq = arg.indexOf('=');
      if (eq > 0 && BUS.matcher(arg.substring(0, eq)).matches() && !Files.exists(Path.of(arg))) {
        return new Spec(arg.substring(0, eq), Path.of(arg.substring(eq + 1)));
      }
      return new Spec(null, Path.of(arg));
    }
  }

  private final List<Dbc> unbound;
  private final Map<String, List<Dbc>> bound;
  private final DbcDecoder defaultDecoder;
  private final Map<String, DbcDecoder> busDecoders = new HashMap<>();

  private DbcBindings(List<Dbc> unbound, Map<String, List<Dbc>> bound, Consumer<String> warnings) {
    this.unbound = List.copyOf(unbound);
    this.bound = bound;
    this.defaultDecoder = DbcDecoder.compile(this.unbound, warnings);
    bound.forEach(
        (bus, files) -> busDecoders.put(bus, DbcDecoder.compile(dbcsForBus(bus), warnings)));
  }

  /** Parses every file once (a file named twice is read once). */
  static DbcBindings load(List<String> args, Consumer<String> warnings) throws IOException {
    return load(args, warnings, UnaryOperator.identity());
  }

  /**
   * As {@link #load(List, Consumer)}, passing each parsed file through {@code prepare} before
   * compiling (e.g. {@code DbcTransport::matchLongMessagesByPgn} for J1939 transport).
   */
  static DbcBindings load(List<String> args, Consumer<String> warnings, UnaryOperator<Dbc> prepare)
      throws IOException {
    Map<Path, Dbc> parsed = new HashMap<>();
    List<Dbc> unbound = new ArrayList<>();
    Map<String, List<Dbc>> bound = new LinkedHashMap<>();
    for (String a : args) {
      Spec s = Spec.parse(a);
      Dbc dbc = parsed.get(s.file());
      if (dbc == null) {
        dbc = prepare.apply(DbcParser.parse(s.file()));
        parsed.put(s.file(), dbc);
      }
      if (s.bus() == null) {
        unbound.add(dbc);
      } else {
        bound.computeIfAbsent(s.bus(), k -> new ArrayList<>()).add(dbc);
      }
    }
    return new DbcBindings(unbound, bound, warnings);
  }

  /** The DBC files that apply to a bus: the unbound ones, then those bound to it. */
  List<Dbc> dbcsForBus(String bus) {
    List<Dbc> l = new ArrayList<>(unbound);
    l.addAll(bound.getOrDefault(bus, List.of()));
    return l;
  }

  /** Buses named in {@code BUS=} bindings. */
  java.util.Set<String> boundBuses() {
    return bound.keySet();
  }

  /** The decoder for frames of {@code bus}; safe to call from several threads. */
  DbcDecoder decoderFor(String bus) {
    DbcDecoder d = bus == null ? null : busDecoders.get(bus);
    return d != null ? d : defaultDecoder;
  }
}
