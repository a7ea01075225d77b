package io.ecugateway.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fans decoded messages out to the sessions of one event loop. Which sessions want a (device,
 * message) pair is computed once and cached until a subscription changes, so a message costs a map
 * lookup plus work only for the sessions that asked for it. Not thread-safe: one router per event
 * loop, called on that loop only.
 */
public final class LiveRouter {
  private static final LiveSession[] NONE = new LiveSession[0];

  private final LiveCatalogue catalogue;
  private final List<LiveSession> sessions = new ArrayList<>();
  private final Map<String, Map<String, LiveSession[]>> interest = new HashMap<>();
  private final List<LiveSession> touched = new ArrayList<>();

  /** Catalogue entries not yet announced, by device: sent together with the next flush. */
  private final Map<String, List<MessageInfo>> newEntries = new LinkedHashMap<>();

  public LiveRouter(LiveCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public void add(LiveSession s) {
    sessions.add(s);
    interest.clear();
  }

  public void remove(LiveSession s) {
    sessions.remove(s);
    interest.clear();
  }

  public LiveCatalogue catalogue() {
    return catalogue;
  }

  public List<LiveSession> sessions() {
    return List.copyOf(sessions);
  }

  /** Call after any subscribe/unsubscribe of a session of this router. */
  public void subscriptionsChanged() {
    interest.clear();
  }

  /** Delivers a batch of messages; each touched session gets at most one outgoing message. */
  public void dispatch(List<LiveMessage> batch, long nowNs) {
    announceNewEntries(); // before samples of the new messages
    for (int i = 0; i < batch.size(); i++) {
      LiveMessage m = batch.get(i);
      for (LiveSession s : interested(m.device(), m.message())) {
        s.offer(m, nowNs);
        if (!s.touched) {
          s.touched = true;
          touched.add(s);
        }
      }
    }
    for (int i = 0; i < touched.size(); i++) {
      LiveSession s = touched.get(i);
      s.touched = false;
      s.sendPending();
    }
    touched.clear();
  }

  /** Periodic: sends values whose decimation interval has ended. */
  public void flushDue(long nowNs) {
    announceNewEntries();
    for (int i = 0; i < sessions.size(); i++) {
      LiveSession s = sessions.get(i);
      s.flushDue(nowNs);
      s.sendPending();
    }
  }

  /**
   * Queues a new catalogue entry for every session. Entries are sent at the next dispatch or
   * periodic flush, all entries gathered by then in one message per session: a new source announces
   * all its messages within moments, and hundreds of clients must not get one write per message
   * each.
   */
  public void catalogueUpdate(String device, MessageInfo message) {
    newEntries.computeIfAbsent(device, d -> new ArrayList<>()).add(message);
  }

  private void announceNewEntries() {
    if (newEntries.isEmpty()) {
      return;
    }
    String json = LiveCatalogue.updateJson(newEntries);
    for (LiveSession s : sessions) {
      s.sendCatalogue(newEntries, json, catalogue);
    }
    newEntries.clear();
  }

  /** The transport of {@code s} drained: send what it held back. */
  public void resume(LiveSession s, long nowNs) {
    s.resume(nowNs, catalogue);
  }

  private LiveSession[] interested(String device, String message) {
    Map<String, LiveSession[]> byMessage = interest.get(device);
    if (byMessage == null) {
      byMessage = new HashMap<>();
      interest.put(device, byMessage);
    }
    LiveSession[] list = byMessage.get(message);
    if (list == null) {
      List<LiveSession> found = new ArrayList<>();
      for (LiveSession s : sessions) {
        if (s.wantsMessage(device, message)) {
          found.add(s);
        }
      }
      list = found.isEmpty() ? NONE : found.toArray(NONE);
      byMessage.put(message, list);
    }
    return list;
  }
}
