package io.ecugateway.transport;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which transport protocols run on which bus, and how (docs/transport.md). Immutable; build it with
 * {@link #builder()}. Every per-bus setting may be given for one bus (e.g. {@code "can1"}) or, with
 * a {@code null} bus, for every bus: protocols and ISO-TP streams of both are combined, a bus's own
 * layout override wins over the all-bus one.
 *
 * <p>ISO-TP streams are explicit (bus, ID, IDE) triples: the CLI and the service add the 11-bit IDs
 * of the DBC messages bound to the bus, the messages with {@code TransportProtocolType "ISOTP"} and
 * any extra IDs. The layout of a stream is the bus override if set, else the stream's preferred
 * layout (B for messages with that DBC attribute), else {@link IsoTpLayout#A}.
 */
public final class TransportConfig {
  /** Open sessions per stage; the oldest is evicted beyond this. */
  public static final int DEFAULT_MAX_SESSIONS = 64;

  /**
   * Largest message reassembled; J1939 TP needs 1785, NMEA 223, ISO-TP up to 4095 (more escaped).
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16384;

  /** ISO 15765-2 N_Cr. */
  public static final Duration DEFAULT_ISOTP_TIMEOUT = Duration.ofMillis(1000);

  /** J1939-21 T2/T3 (1250 ms): covers T1 (750 ms) between packets and the wait after a CTS. */
  public static final Duration DEFAULT_J1939_TIMEOUT = Duration.ofMillis(1250);

  /** NMEA 2000 has no formal timer; frames of one fast packet follow within milliseconds. */
  public static final Duration DEFAULT_NMEA2000_TIMEOUT = Duration.ofMillis(750);

  /** No protocol on any bus: a stage built from it passes every frame through. */
  public static final TransportConfig NONE = builder().build();

  private final Rule all;
  private final Map<String, Rule> perBus;
  private final int maxSessions;
  private final int maxMessageBytes;
  private final long[] timeoutNs;

  private TransportConfig(Builder b) {
    this.all = b.all.copy();
    Map<String, Rule> m = new LinkedHashMap<>();
    b.perBus.forEach((bus, rule) -> m.put(bus, rule.copy()));
    this.perBus = Collections.unmodifiableMap(m);
    this.maxSessions = b.maxSessions;
    this.maxMessageBytes = b.maxMessageBytes;
    this.timeoutNs = b.timeoutNs.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxSessions() {
    return maxSessions;
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public long timeoutNs(TransportProtocol p) {
    return timeoutNs[p.ordinal()];
  }

  /** True if no protocol is enabled on any bus (a stage would only pass frames through). */
  public boolean isEmpty() {
    return all.protocols.isEmpty() && perBus.values().stream().allMatch(r -> r.protocols.isEmpty());
  }

  /** The protocols enabled on {@code bus} (the all-bus ones included). */
  public Set<TransportProtocol> protocols(String bus) {
    EnumSet<TransportProtocol> s = EnumSet.noneOf(TransportProtocol.class);
    s.addAll(all.protocols);
    Rule r = bus == null ? null : perBus.get(bus);
    if (r != null) {
      s.addAll(r.protocols);
    }
    return Collections.unmodifiableSet(s);
  }

  /** Resolves the effective settings of one bus into lookup tables for the stage. */
  BusSettings resolve(String bus) {
    Rule own = bus == null ? null : perBus.get(bus);
    EnumSet<TransportProtocol> protocols = EnumSet.copyOf(all.protocols);
    Map<Long, IsoTpLayout> streams = new HashMap<>(all.streams);
    IsoTpLayout override = all.layoutOverride;
    if (own != null) {
      protocols.addAll(own.protocols);
      streams.putAll(own.streams);
      if (own.layoutOverride != null) {
        override = own.layoutOverride;
      }
    }
    byte[] standard = new byte[0x800];
    long[] extended =
        streams.keySet().stream()
            .mapToLong(Long::longValue)
            .filter(k -> k > 0x7FF)
            .sorted()
            .toArray();
    byte[] extendedLayouts = new byte[extended.length];
    for (Map.Entry<Long, IsoTpLayout> e : streams.entrySet()) {
      IsoTpLayout layout =
          override != null ? override : e.getValue() != null ? e.getValue() : IsoTpLayout.A;
      long key = e.getKey();
      if (key <= 0x7FF) {
        standard[(int) key] = BusSettings.code(layout);
      } else {
        extendedLayouts[Arrays.binarySearch(extended, key)] = BusSettings.code(layout);
      }
    }
    return new BusSettings(
        protocols.contains(TransportProtocol.ISOTP) && !streams.isEmpty(),
        protocols.contains(TransportProtocol.J1939),
        protocols.contains(TransportProtocol.NMEA2000),
        standard,
        extended,
        extendedLayouts);
  }

  /** 11-bit IDs are keyed as themselves, 29-bit ones with bit 32 set so that the two never meet. */
  static long streamKey(int id, boolean extended) {
    return extended ? (1L << 32) | id : id;
  }

  private static final class Rule {
    final EnumSet<TransportProtocol> protocols = EnumSet.noneOf(TransportProtocol.class);
    final Map<Long, IsoTpLayout> streams = new HashMap<>();
    IsoTpLayout layoutOverride;

    Rule copy() {
      Rule r = new Rule();
      r.protocols.addAll(protocols);
      r.streams.putAll(streams);
      r.layoutOverride = layoutOverride;
      return r;
    }
  }

  /** Collects the settings; a {@code null} bus means every bus. */
  public static final class Builder {
    private final Rule all = new Rule();
    private final Map<String, Rule> perBus = new LinkedHashMap<>();
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private final long[] timeoutNs = {
      DEFAULT_ISOTP_TIMEOUT.toNanos(),
      DEFAULT_J1939_TIMEOUT.toNanos(),
      DEFAULT_NMEA2000_TIMEOUT.toNanos()
    };

    private Builder() {}

    private Rule rule(String bus) {
      return bus == null ? all : perBus.computeIfAbsent(bus, b -> new Rule());
    }

    public Builder enable(String bus, TransportProtocol protocol) {
      rule(bus).protocols.add(protocol);
      return this;
    }

    /** Forces one layout for every ISO-TP stream of the bus, whatever the DBC says. */
    public Builder isoTpLayout(String bus, IsoTpLayout layout) {
      rule(bus).layoutOverride = layout;
      return this;
    }

    /** An ISO-TP stream (response ID) with the default layout. */
    public Builder isoTpStream(String bus, int id, boolean extended) {
      return isoTpStream(bus, id, extended, null);
    }

    /**
     * An ISO-TP stream with a preferred layout ({@code null}: none), which a bus override beats. If
     * the stream is added twice, a non-null preference is kept.
     */
    public Builder isoTpStream(String bus, int id, boolean extended, IsoTpLayout preferred) {
      if (id < 0 || id > (extended ? 0x1FFFFFFF : 0x7FF)) {
        throw new IllegalArgumentException(
            "ISO-TP ID 0x"
                + Integer.toHexString(id)
                + " out of range for "
                + (extended ? "29" : "11")
                + "-bit IDs");
      }
      Map<Long, IsoTpLayout> streams = rule(bus).streams;
      long key = streamKey(id, extended);
      if (preferred != null || !streams.containsKey(key)) {
        streams.put(key, preferred);
      }
      return this;
    }

    public Builder maxSessions(int n) {
      if (n < 1 || n > 1 << 16) {
        throw new IllegalArgumentException("maxSessions must be 1..65536, got " + n);
      }
      maxSessions = n;
      return this;
    }

    /** At least 1785 (the largest J1939 TP message), at most 16 MiB. */
    public Builder maxMessageBytes(int n) {
      if (n < 1785 || n > 1 << 24) {
        throw new IllegalArgumentException("maxMessageBytes must be 1785..16777216, got " + n);
      }
      maxMessageBytes = n;
      return this;
    }

    public Builder timeout(TransportProtocol p, Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      timeoutNs[p.ordinal()] = timeout.toNanos();
      return this;
    }

    public TransportConfig build() {
      return new TransportConfig(this);
    }
  }
}
