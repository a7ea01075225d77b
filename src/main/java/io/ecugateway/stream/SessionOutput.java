package io.ecugateway.stream;

/** Where a live session's messages go: a WebSocket in the server, a list in tests. */
public interface SessionOutput {

  /**
   * False while the transport's bounded write queue is full: the session then holds values back
   * (coalescing them) instead of queueing more.
   */
  boolean writable();

  void send(String text);
}
