package io.ecugateway.format.mdf4;

import io.ecugateway.frame.FrameKind;

/**
 * The ASAM MDF bus-logging event types this reader turns into frames, recognised by the name of
 * their composed channel (e.g. {@code CAN_DataFrame} with children {@code CAN_DataFrame.ID}...).
 */
enum BusEventType {
  CAN_DATA("CAN_DataFrame", FrameKind.DATA, "can"),
  CAN_REMOTE("CAN_RemoteFrame", FrameKind.REMOTE, "can"),
  CAN_ERROR("CAN_ErrorFrame", FrameKind.ERROR, "can"),
  LIN_FRAME("LIN_Frame", FrameKind.LIN, "lin"),
  LIN_CHECKSUM_ERROR("LIN_ChecksumError", FrameKind.ERROR, "lin"),
  LIN_RECEIVE_ERROR("LIN_ReceiveError", FrameKind.ERROR, "lin"),
  LIN_SYNC_ERROR("LIN_SyncError", FrameKind.ERROR, "lin"),
  LIN_TRANSMISSION_ERROR("LIN_TransmissionError", FrameKind.ERROR, "lin");

  final String channelName;
  final FrameKind kind;
  final String busPrefix;
  private final boolean lin;

  BusEventType(String channelName, FrameKind kind, String busPrefix) {
    this.channelName = channelName;
    this.kind = kind;
    this.busPrefix = busPrefix;
    this.lin = busPrefix.equals("lin");
  }

  /** The event type a channel group carries, from its channel names; null if none. */
  static BusEventType of(ChannelGroup g) {
    for (ChannelGroup.Named n : g.channels()) {
      for (BusEventType t : values()) {
        if (n.name().equals(t.channelName) || n.name().startsWith(t.channelName + ".")) {
          return t;
        }
      }
    }
    return null;
  }

  boolean isLin() {
    return lin;
  }
}
