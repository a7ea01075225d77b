package io.ecugateway.stream.ws;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.http.ServerWebSocket;

/** Closes a WebSocket after a protocol error with the code that says why, not a plain 1000. */
final class WsFailures {
  private WsFailures() {}

  /**
   * A message or frame over {@code live.maxMessageBytes} closes with 1009 and the limit; another
   * malformed frame with the code Netty found (1002, 1007); anything else with 1011.
   */
  static void close(ServerWebSocket ws, Throwable error, int maxMessageBytes) {
    if (ws.isClosed()) {
      return;
    }
    if (tooBig(error)) {
      ws.close(
          (short) WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
          "message larger than live.maxMessageBytes (" + maxMessageBytes + " bytes)");
    } else if (error instanceof CorruptedWebSocketFrameException c && c.closeStatus() != null) {
      ws.close((short) c.closeStatus().code(), c.closeStatus().reasonText());
    } else {
      ws.close((short) 1011, "connection error");
    }
  }

  /**
   * One frame over the limit is Netty's MESSAGE_TOO_BIG; a message of several frames over it is a
   * Vert.x IllegalStateException that only its text identifies.
   */
  private static boolean tooBig(Throwable error) {
    if (error instanceof CorruptedWebSocketFrameException c) {
      return c.closeStatus() != null
          && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
    }
    return error instanceof IllegalStateException
        && String.valueOf(error.getMessage()).contains("max message size");
  }
}
