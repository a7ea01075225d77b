package io.ecugateway.transport;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a DBC says about transport (docs/transport.md), shared by the CLI and the service: which IDs
 * are ISO-TP streams and with which layout, and which messages must match reassembled J1939 frames
 * by PGN.
 */
public final class DbcTransport {
  /** The CSS MF4-decoder message attribute; {@code "ISOTP"} marks an ISO-TP (layout B) message. */
  public static final String TRANSPORT_PROTOCOL_TYPE = "TransportProtocolType";

  private DbcTransport() {}

  /** True if the message carries {@code BA_ "TransportProtocolType" BO_ ... "ISOTP"}. */
  public static boolean isIsoTpMessage(Message m) {
    return m.attributes().get(TRANSPORT_PROTOCOL_TYPE) instanceof String s
        && s.trim().equalsIgnoreCase("ISOTP");
  }

  /**
   * Adds the ISO-TP streams of a DBC bound to {@code bus} (null: every bus): the 11-bit IDs of its
   * messages, and every message marked {@code "ISOTP"} (any IDE) with preferred layout B.
   *
   * @param dbcLayout a layout forced for this DBC's streams (the service's per-DBC setting), or
   *     null to go by the attribute
   */
  public static void addIsoTpStreams(
      TransportConfig.Builder config, String bus, Dbc dbc, IsoTpLayout dbcLayout) {
    addIsoTpStreams(config, bus, dbc.messages(), dbcLayout);
  }

  /**
   * As {@link #addIsoTpStreams(TransportConfig.Builder, String, Dbc, IsoTpLayout)}, for messages.
   */
  public static void addIsoTpStreams(
      TransportConfig.Builder config,
      String bus,
      Collection<Message> messages,
      IsoTpLayout layout) {
    for (Message m : messages) {
      boolean marked = isIsoTpMessage(m);
      if (m.extended() && !marked || m.id() < 0 || m.id() > (m.extended() ? 0x1FFFFFFF : 0x7FF)) {
        continue;
      }
      IsoTpLayout preferred = layout != null ? layout : marked ? IsoTpLayout.B : null;
      config.isoTpStream(bus, m.id(), m.extended(), preferred);
    }
  }

  /**
   * The DBC with its extended messages longer than 8 bytes marked J1939, so that the decoder
   * matches them by PGN: a J1939 TP message is reassembled to {@code (6 << 26) | (PGN << 8) | SA},
   * while DBCs such as {@code tp_j1939.dbc} declare it with another priority or source address and
   * {@code VFrameFormat} ExtendedCAN. Messages of 8 bytes or less keep their exact-ID matching.
   * Returns {@code dbc} itself when nothing changes.
   */
  public static Dbc matchLongMessagesByPgn(Dbc dbc) {
    List<Message> messages = new ArrayList<>(dbc.messages().size());
    boolean changed = false;
    for (Message m : dbc.messages()) {
      if (m.extended() && m.length() > 8 && !m.j1939()) {
        messages.add(asJ1939(m));
        changed = true;
      } else {
        messages.add(m);
      }
    }
    if (!changed) {
      return dbc;
    }
    return new Dbc(
        dbc.source(),
        dbc.encoding(),
        dbc.version(),
        dbc.newSymbols(),
        dbc.nodes(),
        messages,
        dbc.valueTables(),
        dbc.environmentVariables(),
        dbc.attributeDefinitions(),
        dbc.attributes(),
        dbc.comment(),
        dbc.warnings());
  }

  private static Message asJ1939(Message m) {
    return new Message(
        m.dbcId(),
        m.id(),
        m.extended(),
        m.name(),
        m.length(),
        m.sender(),
        m.transmitters(),
        m.signals(),
        m.comment(),
        m.attributes(),
        m.signalGroups(),
        m.fd(),
        true,
        m.line());
  }
}
