package io.ecugateway.stream;

import java.util.List;

/**
 * One subscription of a live client: which devices, messages and signals (wildcard patterns) and
 * how often each matching signal may be sent.
 *
 * @param id client-chosen name, used to unsubscribe
 * @param device device pattern
 * @param messages message-name patterns; a message matches if any pattern matches
 * @param signals signal-name patterns; a signal matches if any pattern matches
 * @param maxRateHz most updates per second per signal
 * @param mode what is sent when several values arrive within one interval
 */
public record Subscription(
    String id,
    GlobPattern device,
    List<GlobPattern> messages,
    List<GlobPattern> signals,
    double maxRateHz,
    DecimationMode mode) {

  /** Highest rate a client may ask for; protects browsers and the server from floods. */
  public static final double MAX_RATE_HZ = 1000;

  public static final double DEFAULT_RATE_HZ = 10;

  public Subscription {
    messages = List.copyOf(messages);
    signals = List.copyOf(signals);
    if (!(maxRateHz > 0 && maxRateHz <= MAX_RATE_HZ)) {
      throw new IllegalArgumentException(
          "maxRate must be > 0 and <= " + MAX_RATE_HZ + " per second, got " + maxRateHz);
    }
  }

  public long intervalNs() {
    return (long) (1e9 / maxRateHz);
  }

  public boolean matchesMessage(String deviceName, String messageName) {
    return device.matches(deviceName) && anyMatches(messages, messageName);
  }

  public boolean matchesSignal(String signalName) {
    return anyMatches(signals, signalName);
  }

  private static boolean anyMatches(List<GlobPattern> patterns, String name) {
    for (GlobPattern p : patterns) {
      if (p.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
