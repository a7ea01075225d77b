package io.ecugateway.transport;

/**
 * The open sessions of one stage, at most {@link TransportConfig#maxSessions()}. Real traffic has a
 * handful open at a time, so a linear scan beats hashing and allocates nothing; it only runs for
 * frames of a transport protocol, never on the pass-through path.
 */
final class SessionTable {
  private final Session[] open;
  private final Session[] pool;
  private final TransportCounters counters;
  private final TransportConfig config;
  private int count;
  private int pooled;

  SessionTable(TransportConfig config, TransportCounters counters) {
    this.config = config;
    this.counters = counters;
    this.open = new Session[config.maxSessions()];
    this.pool = new Session[config.maxSessions()];
  }

  int size() {
    return count;
  }

  Session find(long key) {
    for (int i = 0; i < count; i++) {
      if (open[i].key == key) {
        return open[i];
      }
    }
    return null;
  }

  /**
   * The open session for {@code key}, or null if there is none or it timed out (then it is dropped
   * and counted as {@link DropReason#TIMEOUT}).
   */
  Session live(long key, long nowNs) {
    Session s = find(key);
    if (s != null && expired(s, nowNs)) {
      drop(s, DropReason.TIMEOUT);
      return null;
    }
    return s;
  }

  /**
   * Opens a session for a key that has none; makes room by timeout, then by evicting the oldest.
   */
  Session open(long key, TransportProtocol protocol, long nowNs) {
    if (count == open.length) {
      for (int i = count - 1; i >= 0; i--) {
        if (expired(open[i], nowNs)) {
          drop(open[i], DropReason.TIMEOUT);
        }
      }
    }
    if (count == open.length) {
      Session oldest = open[0];
      for (int i = 1; i < count; i++) {
        if (open[i].lastNs < oldest.lastNs) {
          oldest = open[i];
        }
      }
      drop(oldest, DropReason.SESSION_LIMIT);
    }
    Session s = pooled > 0 ? pool[--pooled] : new Session();
    s.start(key, protocol, nowNs);
    open[count++] = s;
    return s;
  }

  void drop(Session s, DropReason reason) {
    counters.countDrop(s.protocol, reason);
    close(s);
  }

  void close(Session s) {
    for (int i = 0; i < count; i++) {
      if (open[i] == s) {
        open[i] = open[--count];
        open[count] = null;
        pool[pooled++] = s;
        return;
      }
    }
  }

  /** Drops every open session with the given reason. */
  void dropAll(DropReason reason) {
    while (count > 0) {
      drop(open[count - 1], reason);
    }
  }

  private boolean expired(Session s, long nowNs) {
    return nowNs - s.lastNs > config.timeoutNs(s.protocol);
  }
}
