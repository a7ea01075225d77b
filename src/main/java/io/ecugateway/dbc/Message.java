package io.ecugateway.dbc;

import java.util.List;
import java.util.Map;

/**
 * One {@code BO_} statement with its signals, resolved.
 *
 * @param dbcId the identifier exactly as written (bit 31 = extended flag)
 * @param id the CAN identifier without flags (11 or 29 bits; wider values are kept but warned)
 * @param extended bit 31 was set, or the identifier does not fit 11 bits (written without the flag)
 * @param name the name used for output (the {@code SystemMessageLongSymbol} attribute if present)
 * @param length payload length in bytes as declared (the DLC field; may exceed 8 for CAN FD)
 * @param transmitters the BO_ sender followed by {@code BO_TX_BU_} senders
 * @param fd {@code VFrameFormat} is StandardCAN_FD or ExtendedCAN_FD
 * @param j1939 {@code VFrameFormat} is J1939PG or the {@code ProtocolType} attribute (of the
 *     message or the database) is {@code J1939}: such messages match frames by PGN
 * @param line 1-based line of the {@code BO_} statement
 */
public record Message(
    long dbcId,
    int id,
    boolean extended,
    String name,
    int length,
    String sender,
    List<String> transmitters,
    List<Signal> signals,
    String comment,
    Map<String, Object> attributes,
    List<SignalGroup> signalGroups,
    boolean fd,
    boolean j1939,
    int line) {

  public Message {
    transmitters = List.copyOf(transmitters);
    signals = List.copyOf(signals);
    attributes = Map.copyOf(attributes);
    signalGroups = List.copyOf(signalGroups);
  }

  /** The signal of that name, or null. */
  public Signal signal(String signalName) {
    for (Signal s : signals) {
      if (s.name().equals(signalName)) {
        return s;
      }
    }
    return null;
  }

  /** {@code GenMsgCycleTime} in milliseconds (attribute or its default), or 0 when not set. */
  public long cycleTimeMs() {
    return attributes.get("GenMsgCycleTime") instanceof Number n ? n.longValue() : 0;
  }
}
