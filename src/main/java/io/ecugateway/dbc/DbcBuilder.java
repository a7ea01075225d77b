package io.ecugateway.dbc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what the statements say, in any order, and resolves it into an immutable {@link Dbc}:
 * references are checked (problems become warnings), attribute values are typed by their
 * definitions, multiplexing is worked out the way cantools reads it.
 */
final class DbcBuilder {
  /** cantools (and Vector tools) use this pseudo message for signals not assigned to a message. */
  static final String INDEPENDENT_SIGNALS = "VECTOR__INDEPENDENT_SIG_MSG";

  static final class RawSignal {
    String name;
    String muxIndicator;
    int startBit;
    int length;
    ByteOrder byteOrder;
    boolean signed;
    double factor;
    double offset;
    double minimum;
    double maximum;
    String unit;
    List<String> receivers;
    int line;
  }

  static final class RawMessage {
    long dbcId;
    String name;
    int length;
    String sender;
    int line;
    final List<RawSignal> signals = new ArrayList<>();
  }

  record SigKey(long dbcId, String signal) {}

  record MuxValues(String multiplexer, List<MuxRange> ranges) {}

  /** A statement's reference to a message (signal null) or signal, checked at build time. */
  record Ref(String statement, long dbcId, String signal, int line) {}

  private final String source;
  private final List<DbcWarning> warnings = new ArrayList<>();

  String version = "";
  final List<String> newSymbols = new ArrayList<>();
  final Map<String, Integer> nodes = new LinkedHashMap<>();
  final List<RawMessage> messages = new ArrayList<>();
  final Map<Long, List<String>> transmitters = new HashMap<>();
  String databaseComment;
  final Map<String, String> nodeComments = new HashMap<>();
  final Map<Long, String> messageComments = new HashMap<>();
  final Map<SigKey, String> signalComments = new HashMap<>();
  final Map<String, String> envComments = new HashMap<>();
  final Map<String, AttributeDefinition> attributeDefinitions = new LinkedHashMap<>();
  final Map<String, Object> attributeDefaults = new HashMap<>();
  final Map<String, Object> databaseAttributes = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> nodeAttributes = new HashMap<>();
  final Map<Long, Map<String, Object>> messageAttributes = new HashMap<>();
  final Map<SigKey, Map<String, Object>> signalAttributes = new HashMap<>();
  final Map<String, Map<String, Object>> envAttributes = new HashMap<>();
  final Map<String, Map<Long, String>> valueTables = new LinkedHashMap<>();
  final Map<SigKey, Map<Long, String>> signalChoices = new HashMap<>();
  final Map<String, Map<Long, String>> envChoices = new HashMap<>();
  final Map<SigKey, ValueType> valueTypes = new HashMap<>();
  final Map<SigKey, MuxValues> muxValues = new LinkedHashMap<>();
  final Map<Long, List<SignalGroup>> signalGroups = new HashMap<>();
  final List<EnvironmentVariable> environmentVariables = new ArrayList<>();
  final Map<String, Long> envDataSizes = new HashMap<>();
  final List<Ref> references = new ArrayList<>();

  DbcBuilder(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  void warn(int line, String message) {
    warnings.add(new DbcWarning(line, message));
  }

  void reference(String statement, long dbcId, String signal, int line) {
    references.add(new Ref(statement, dbcId, signal, line));
  }

  Dbc build(String encoding) {
    resolveDefaults();
    Map<Long, RawMessage> byId = indexMessages();
    checkReferences(byId);
    List<Message> built = new ArrayList<>();
    for (RawMessage m : messages) {
      if (!m.name.equals(INDEPENDENT_SIGNALS)) {
        built.add(buildMessage(m));
      }
    }
    checkDuplicateNames(built);
    List<Node> nodeList = new ArrayList<>();
    for (String n : nodes.keySet()) {
      nodeList.add(
          new Node(
              n,
              nodeComments.get(n),
              withDefaults("BU_", nodeAttributes.getOrDefault(n, Map.of()))));
    }
    List<EnvironmentVariable> envs = new ArrayList<>();
    for (EnvironmentVariable e : environmentVariables) {
      envs.add(
          new EnvironmentVariable(
              e.name(),
              e.type(),
              e.minimum(),
              e.maximum(),
              e.unit(),
              e.initialValue(),
              e.id(),
              e.accessType(),
              e.accessNodes(),
              envDataSizes.getOrDefault(e.name(), -1L),
              envComments.get(e.name()),
              envChoices.getOrDefault(e.name(), Map.of())));
    }
    Map<String, Map<Long, String>> tables = new LinkedHashMap<>();
    valueTables.forEach((k, v) -> tables.put(k, Choices.copyOf(v)));
    return new Dbc(
        source,
        encoding,
        version,
        newSymbols,
        nodeList,
        built,
        tables,
        envs,
        List.copyOf(attributeDefinitions.values()),
        withDefaults("", databaseAttributes),
        databaseComment,
        warnings);
  }

  private void resolveDefaults() {
    attributeDefaults.forEach(
        (name, raw) -> {
          AttributeDefinition def = attributeDefinitions.get(name);
          if (def == null) {
            warn(0, "default given for undefined attribute \"" + name + "\"");
          } else {
            attributeDefinitions.put(name, def.withDefault(typed(def, raw)));
          }
        });
  }

  private Map<Long, RawMessage> indexMessages() {
    Map<Long, RawMessage> byId = new HashMap<>();
    for (RawMessage m : messages) {
      RawMessage previous = byId.put(m.dbcId, m);
      if (previous != null && !m.name.equals(INDEPENDENT_SIGNALS)) {
        warn(
            m.line,
            "message "
                + m.name
                + " reuses identifier "
                + m.dbcId
                + " of message "
                + previous.name
                + " (line "
                + previous.line
                + "); the later one wins when decoding");
      }
    }
    return byId;
  }

  private void checkReferences(Map<Long, RawMessage> byId) {
    for (Ref r : references) {
      RawMessage m = byId.get(r.dbcId());
      if (m == null) {
        warn(r.line(), r.statement() + " refers to unknown message " + r.dbcId());
      } else if (r.signal() != null
          && m.signals.stream().noneMatch(s -> s.name.equals(r.signal()))) {
        warn(
            r.line(),
            r.statement() + " refers to unknown signal " + r.signal() + " of message " + m.name);
      }
    }
  }

  private void checkDuplicateNames(List<Message> built) {
    Map<String, Message> names = new HashMap<>();
    for (Message m : built) {
      Message previous = names.putIfAbsent(m.name(), m);
      if (previous != null) {
        warn(
            m.line(),
            "duplicate message name " + m.name() + " (also line " + previous.line() + ")");
      }
      Set<String> signalNames = new HashSet<>();
      for (Signal s : m.signals()) {
        if (!signalNames.add(s.name())) {
          warn(s.line(), "duplicate signal name " + s.name() + " in message " + m.name());
        }
      }
    }
  }

  private Message buildMessage(RawMessage m) {
    boolean extended = (m.dbcId & 0x8000_0000L) != 0;
    int id = (int) (m.dbcId & 0x7FFF_FFFFL);
    if (!extended && id > 0x7FF) {
      extended = true;
      warn(
          m.line,
          "message "
              + m.name
              + ": identifier 0x"
              + Integer.toHexString(id).toUpperCase()
              + " does not fit 11 bits and lacks the extended flag (bit 31); read as extended");
    }
    if (id > 0x1FFF_FFFF) {
      warn(
          m.line,
          "message "
              + m.name
              + ": identifier 0x"
              + Integer.toHexString(id).toUpperCase()
              + " is wider than 29 bits; no frame can match it");
    }
    Map<String, Object> attrs =
        withDefaults("BO_", messageAttributes.getOrDefault(m.dbcId, Map.of()));
    String name =
        attrs.get("SystemMessageLongSymbol") instanceof String s && !s.isEmpty() ? s : m.name;
    String frameFormat = attrs.get("VFrameFormat") instanceof String s ? s : "";
    boolean j1939 =
        extended
            && (frameFormat.equals("J1939PG")
                || isJ1939(attrs.get("ProtocolType"))
                || (!attrs.containsKey("ProtocolType")
                    && isJ1939(databaseAttributes.get("ProtocolType"))));
    boolean fd = frameFormat.endsWith("CAN_FD");
    List<String> tx = new ArrayList<>();
    if (m.sender != null && !m.sender.equals("Vector__XXX")) {
      tx.add(m.sender);
    }
    for (String t : transmitters.getOrDefault(m.dbcId, List.of())) {
      if (!tx.contains(t)) {
        tx.add(t);
      }
    }
    List<Signal> signals = buildSignals(m);
    return new Message(
        m.dbcId,
        id,
        extended,
        name,
        m.length,
        m.sender,
        tx,
        signals,
        messageComments.get(m.dbcId),
        attrs,
        signalGroups.getOrDefault(m.dbcId, List.of()),
        fd,
        j1939,
        m.line);
  }

  private static boolean isJ1939(Object protocolType) {
    return protocolType instanceof String s && s.equalsIgnoreCase("J1939");
  }

  /** Multiplexing exactly as cantools' DBC loader assigns it (see {@link Signal}). */
  private List<Signal> buildSignals(RawMessage m) {
    String messageMux = null;
    for (RawSignal s : m.signals) {
      if (s.muxIndicator != null && s.muxIndicator.endsWith("M")) {
        if (messageMux == null) {
          messageMux = s.name;
        } else {
          messageMux = null;
          break;
        }
      }
    }
    Map<String, String> muxOfSignal = new HashMap<>();
    muxValues.forEach(
        (k, v) -> {
          if (k.dbcId() == m.dbcId) {
            muxOfSignal.put(k.signal(), v.multiplexer());
          }
        });
    List<Signal> out = new ArrayList<>();
    for (RawSignal s : m.signals) {
      SigKey key = new SigKey(m.dbcId, s.name);
      String parent = null;
      List<MuxRange> ranges = new ArrayList<>();
      if (s.muxIndicator != null) {
        if (messageMux == null) {
          parent = muxOfSignal.get(s.name);
        } else if (!s.name.equals(messageMux)) {
          parent = messageMux;
        }
        if (messageMux != null && !s.muxIndicator.endsWith("M") && s.muxIndicator.length() > 1) {
          long v = Long.parseLong(s.muxIndicator.substring(1));
          ranges.add(new MuxRange(v, v));
        }
        String lookup = messageMux != null ? messageMux : parent;
        MuxValues extra = muxValues.get(key);
        if (extra != null && extra.multiplexer().equals(lookup)) {
          ranges.addAll(extra.ranges());
        }
      }
      if (parent != null && ranges.isEmpty()) {
        warn(s.line, "signal " + s.name + " has no multiplexer values; it is never decoded");
      }
      Map<String, Object> attrs = withDefaults("SG_", signalAttributes.getOrDefault(key, Map.of()));
      String name =
          attrs.get("SystemSignalLongSymbol") instanceof String ls && !ls.isEmpty() ? ls : s.name;
      ValueType type = valueTypes.getOrDefault(key, ValueType.INTEGER);
      checkLayout(m, s, type);
      out.add(
          new Signal(
              name,
              s.startBit,
              s.length,
              s.byteOrder,
              s.signed,
              type,
              s.factor,
              s.offset,
              s.minimum,
              s.maximum,
              s.unit,
              s.receivers,
              s.muxIndicator,
              s.muxIndicator != null && s.muxIndicator.endsWith("M"),
              parent,
              ranges,
              signalChoices.getOrDefault(key, Map.of()),
              signalComments.get(key),
              attrs,
              s.line));
    }
    checkMultiplexers(m, out);
    checkOverlaps(m, out);
    return out;
  }

  private void checkLayout(RawMessage m, RawSignal s, ValueType type) {
    if (type == ValueType.FLOAT32 && s.length != 32
        || type == ValueType.FLOAT64 && s.length != 64) {
      warn(
          s.line,
          "signal "
              + s.name
              + " is "
              + type
              + " but "
              + s.length
              + " bits long; it is never decoded");
    } else if (s.length > 64) {
      warn(
          s.line,
          "signal " + s.name + " is " + s.length + " bits long; only up to 64 bits can be decoded");
    } else if (s.length == 0) {
      warn(s.line, "signal " + s.name + " has length 0; it is never decoded");
    }
    long needed =
        s.byteOrder == ByteOrder.LITTLE_ENDIAN
            ? ((long) s.startBit + s.length + 7) >> 3
            : (((long) (s.startBit & ~7) + (7 - (s.startBit & 7)) + s.length - 1) >> 3) + 1;
    if (needed > m.length) {
      warn(
          s.line,
          "signal "
              + s.name
              + " does not fit in message "
              + m.name
              + " ("
              + needed
              + " bytes needed, "
              + m.length
              + " declared); decoded only from frames long enough");
    }
  }

  private void checkMultiplexers(RawMessage m, List<Signal> signals) {
    Map<String, Signal> byName = new HashMap<>();
    for (Signal s : signals) {
      byName.putIfAbsent(s.name(), s);
    }
    for (Signal s : signals) {
      if (s.multiplexerSignal() == null) {
        continue;
      }
      Signal parent = byName.get(s.multiplexerSignal());
      if (parent == null || !parent.multiplexer()) {
        warn(
            s.line(),
            "signal "
                + s.name()
                + " of message "
                + m.name
                + " is multiplexed by "
                + s.multiplexerSignal()
                + ", which is not a multiplexer switch of that message; it is never decoded");
      }
    }
  }

  /** Overlaps between signals that can be present in the same frame (same multiplexer branch). */
  private void checkOverlaps(RawMessage m, List<Signal> signals) {
    if (signals.size() > 512) {
      return;
    }
    List<BitSet> bits = new ArrayList<>();
    for (Signal s : signals) {
      bits.add(occupiedBits(s));
    }
    for (int i = 0; i < signals.size(); i++) {
      for (int j = i + 1; j < signals.size(); j++) {
        Signal a = signals.get(i);
        Signal b = signals.get(j);
        if (sameBranch(a, b) && bits.get(i).intersects(bits.get(j))) {
          warn(
              b.line(),
              "signals " + a.name() + " and " + b.name() + " overlap in message " + m.name);
        }
      }
    }
  }

  private static boolean sameBranch(Signal a, Signal b) {
    if (a.multiplexerSignal() == null || b.multiplexerSignal() == null) {
      return a.multiplexerSignal() == null && b.multiplexerSignal() == null;
    }
    if (!a.multiplexerSignal().equals(b.multiplexerSignal())) {
      return false;
    }
    for (MuxRange x : a.multiplexerValues()) {
      for (MuxRange y : b.multiplexerValues()) {
        if (x.low() <= y.high() && y.low() <= x.high()) {
          return true;
        }
      }
    }
    return false;
  }

  private static BitSet occupiedBits(Signal s) {
    BitSet b = new BitSet();
    if (s.length() > 4096 || s.startBit() > 1 << 16) {
      return b;
    }
    int first = s.sequentialStartBit();
    if (s.byteOrder() == ByteOrder.BIG_ENDIAN) {
      b.set(first, first + s.length());
    } else {
      // Little endian in sequential numbering: bits run from the start bit up within a byte,
      // then continue at the next byte's bit 0, i.e. byte-wise reversed.
      for (int i = 0; i < s.length(); i++) {
        int bit = s.startBit() + i;
        b.set((bit & ~7) + (7 - (bit & 7)));
      }
    }
    return b;
  }

  private Map<String, Object> withDefaults(String objectType, Map<String, Object> explicit) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (AttributeDefinition d : attributeDefinitions.values()) {
      if (d.objectType().equals(objectType) && d.defaultValue() != null) {
        out.put(d.name(), d.defaultValue());
      }
    }
    explicit.forEach((k, v) -> out.put(k, typed(attributeDefinitions.get(k), v)));
    return out;
  }

  /** Types a value as its definition says; ENUM indexes become labels. */
  static Object typed(AttributeDefinition def, Object raw) {
    if (def == null) {
      return raw;
    }
    return switch (def.type()) {
      case INT, HEX -> raw instanceof Number n ? (Object) n.longValue() : raw;
      case FLOAT -> raw instanceof Number n ? (Object) n.doubleValue() : raw;
      case STRING -> raw instanceof String ? raw : String.valueOf(raw);
      case ENUM -> {
        if (raw instanceof Number n) {
          long i = n.longValue();
          yield i >= 0 && i < def.enumValues().size() ? def.enumValues().get((int) i) : raw;
        }
        yield raw;
      }
    };
  }
}
