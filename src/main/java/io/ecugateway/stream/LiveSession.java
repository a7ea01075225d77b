package io.ecugateway.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One live client: its subscriptions and, per subscribed signal, a decimation state. Not
 * thread-safe: the server calls it from the client's event loop only.
 *
 * <p>Memory is bounded by the number of signals the client subscribed to: a value is either sent at
 * once or kept in its signal's state, where newer values replace (coalesce) older ones. While the
 * transport is congested ({@link SessionOutput#writable()} false) nothing is serialized, and every
 * value that was due but gets replaced before it could be sent is counted as dropped.
 */
public final class LiveSession {
  public static final int MAX_SUBSCRIPTIONS = 64;

  private final SessionOutput output;
  private final Predicate<String> deviceAllowed;
  private final LinkedHashMap<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, Map<String, Route>> routes = new HashMap<>();
  private final List<Route> activeRoutes = new ArrayList<>();
  private final SampleJsonWriter writer = new SampleJsonWriter();
  private long dropped;

  /**
   * No held value becomes due before this time: every signal state holding a value has its next
   * send at or after it. Lets the periodic flush skip the session without scanning its signals.
   */
  private long heldDueNs = Long.MAX_VALUE;

  private boolean catalogueStale;
  boolean touched;

  /**
   * @param deviceAllowed devices this client may see (a device-scoped token sees its devices only)
   */
  public LiveSession(SessionOutput output, Predicate<String> deviceAllowed) {
    this.output = output;
    this.deviceAllowed = deviceAllowed;
  }

  /** Adds or replaces (same id) a subscription. Decimation intervals restart. */
  public void subscribe(Subscription s) {
    if (!subscriptions.containsKey(s.id()) && subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      throw new IllegalArgumentException(
          "too many subscriptions (at most " + MAX_SUBSCRIPTIONS + " per connection)");
    }
    subscriptions.remove(s.id());
    subscriptions.put(s.id(), s);
    clearRoutes();
  }

  /** Returns false if no subscription has this id. */
  public boolean unsubscribe(String id) {
    boolean removed = subscriptions.remove(id) != null;
    if (removed) {
      clearRoutes();
    }
    return removed;
  }

  /** Updates coalesced or dropped because this client could not keep up. */
  public long dropped() {
    return dropped;
  }

  /** Number of signals with decimation state: the bound on what this session holds back. */
  public int heldSignalCapacity() {
    int n = 0;
    for (Route r : activeRoutes) {
      n += r.states.length;
    }
    return n;
  }

  boolean wantsMessage(String device, String message) {
    if (!deviceAllowed.test(device)) {
      return false;
    }
    for (Subscription s : subscriptions.values()) {
      if (s.matchesMessage(device, message)) {
        return true;
      }
    }
    return false;
  }

  /** Folds in one message the session wants; sends due values into the pending batch. */
  void offer(LiveMessage m, long nowNs) {
    Route r = route(m);
    if (r.states.length == 0) {
      return;
    }
    boolean writable = output.writable();
    boolean began = false;
    double[] values = m.values();
    for (int i = 0; i < r.states.length; i++) {
      SignalState st = r.states[i];
      if (st.add(values[r.index[i]], m.timeNs(), nowNs) && !writable) {
        dropped++;
      }
      if (writable && st.due(nowNs)) {
        if (!began) {
          writer.beginSample(m.device(), m.timeNs(), m.message());
          began = true;
        }
        st.send(writer, nowNs);
      } else {
        heldDueNs = Math.min(heldDueNs, st.nextSendNs());
      }
    }
    if (began) {
      writer.endSample();
    }
  }

  /** Sends values whose interval has ended (the trailing value of a burst, or held-back ones). */
  void flushDue(long nowNs) {
    if (nowNs < heldDueNs || !output.writable()) {
      return;
    }
    long nextHeld = Long.MAX_VALUE;
    for (int k = 0; k < activeRoutes.size(); k++) {
      Route r = activeRoutes.get(k);
      long t = Long.MIN_VALUE;
      for (SignalState st : r.states) {
        if (st.due(nowNs)) {
          t = Math.max(t, st.lastTimeNs());
        } else if (st.holding()) {
          nextHeld = Math.min(nextHeld, st.nextSendNs());
        }
      }
      if (t == Long.MIN_VALUE) {
        continue;
      }
      writer.beginSample(r.device, t, r.message);
      for (SignalState st : r.states) {
        if (st.due(nowNs)) {
          st.send(writer, nowNs);
        }
      }
      writer.endSample();
    }
    heldDueNs = nextHeld;
  }

  /** Sends the batch built since the last call, if any. */
  void sendPending() {
    String text = writer.finish(dropped);
    if (text != null) {
      output.send(text);
    }
  }

  /**
   * Sends a catalogue update, or remembers to send the full catalogue once the client can take it
   * again (updates are never queued while congested).
   */
  void sendCatalogue(
      Map<String, List<MessageInfo>> entries, String updateJson, LiveCatalogue catalogue) {
    Map<String, List<MessageInfo>> visible = new LinkedHashMap<>();
    entries.forEach(
        (device, messages) -> {
          if (deviceAllowed.test(device)) {
            visible.put(device, messages);
          }
        });
    if (visible.isEmpty()) {
      return;
    }
    if (!output.writable()) {
      catalogueStale = true;
      return;
    }
    if (catalogueStale) {
      catalogueStale = false;
      output.send(catalogue.toJson(deviceAllowed));
    } else {
      output.send(
          visible.size() == entries.size() ? updateJson : LiveCatalogue.updateJson(visible));
    }
  }

  /** The client asked for the catalogue while congested: send it when it reads again. */
  public void markCatalogueStale() {
    catalogueStale = true;
  }

  /** The full catalogue, as far as this client may see it. */
  public String catalogueJson(LiveCatalogue catalogue) {
    return catalogue.toJson(deviceAllowed);
  }

  /** Called when the transport drained: sends what was held back. */
  void resume(long nowNs, LiveCatalogue catalogue) {
    if (catalogueStale && output.writable()) {
      catalogueStale = false;
      output.send(catalogue.toJson(deviceAllowed));
    }
    flushDue(nowNs);
    sendPending();
  }

  private void clearRoutes() {
    routes.clear();
    activeRoutes.clear();
    heldDueNs = Long.MAX_VALUE;
  }

  private Route route(LiveMessage m) {
    Map<String, Route> byMessage = routes.get(m.device());
    if (byMessage == null) {
      byMessage = new HashMap<>();
      routes.put(m.device(), byMessage);
    }
    Route r = byMessage.get(m.message());
    if (r != null && r.signals == m.signals()) {
      return r;
    }
    if (r != null && Arrays.equals(r.signals, m.signals())) {
      r.signals = m.signals();
      return r;
    }
    if (r != null) {
      activeRoutes.remove(r);
    }
    r = resolve(m);
    byMessage.put(m.message(), r);
    if (r.states.length > 0) {
      activeRoutes.add(r);
    }
    return r;
  }

  /** For each signal the last matching subscription decides rate and mode. */
  private Route resolve(LiveMessage m) {
    String[] names = m.signals();
    int[] index = new int[names.length];
    SignalState[] states = new SignalState[names.length];
    int n = 0;
    for (int i = 0; i < names.length; i++) {
      Subscription match = null;
      for (Subscription s : subscriptions.values()) {
        if (s.matchesMessage(m.device(), m.message()) && s.matchesSignal(names[i])) {
          match = s;
        }
      }
      if (match != null) {
        index[n] = i;
        states[n++] = new SignalState(names[i], match.intervalNs(), match.mode());
      }
    }
    return new Route(
        m.device(), m.message(), names, Arrays.copyOf(index, n), Arrays.copyOf(states, n));
  }

  private static final class Route {
    final String device;
    final String message;
    String[] signals;
    final int[] index;
    final SignalState[] states;

    Route(String device, String message, String[] signals, int[] index, SignalState[] states) {
      this.device = device;
      this.message = message;
      this.signals = signals;
      this.index = index;
      this.states = states;
    }
  }
}
