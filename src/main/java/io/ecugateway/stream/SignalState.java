package io.ecugateway.stream;

/**
 * Decimation state of one signal for one client: the values received since the last send (their
 * latest, min and max) and when the next send may happen. A send is allowed at most once per
 * interval; the first value after an idle interval is sent at once (no added latency), later ones
 * wait for the interval to end and are then sent by the periodic flush (so the last value of a
 * burst is never lost).
 */
final class SignalState {
  final String name;
  final long intervalNs;
  final DecimationMode mode;

  private long nextSendNs = Long.MIN_VALUE;
  private int count;
  private double min;
  private double max;
  private double last;
  private long lastTimeNs;

  SignalState(String name, long intervalNs, DecimationMode mode) {
    this.name = name;
    this.intervalNs = intervalNs;
    this.mode = mode;
  }

  /**
   * Folds in a value.
   *
   * @return true if a value received earlier was due but unsent (the client was congested) and is
   *     now coalesced away
   */
  boolean add(double v, long timeNs, long nowNs) {
    boolean coalesced = count > 0 && nowNs >= nextSendNs;
    if (count == 0 || mode == DecimationMode.LATEST) {
      min = v;
      max = v;
    } else {
      // NaN compares false: keep it out of the envelope unless every value is NaN.
      if (v < min || Double.isNaN(min)) {
        min = v;
      }
      if (v > max || Double.isNaN(max)) {
        max = v;
      }
    }
    last = v;
    lastTimeNs = timeNs;
    count++;
    return coalesced;
  }

  boolean due(long nowNs) {
    return count > 0 && nowNs >= nextSendNs;
  }

  /** A value is waiting to be sent. */
  boolean holding() {
    return count > 0;
  }

  /** When the next send may happen. */
  long nextSendNs() {
    return nextSendNs;
  }

  long lastTimeNs() {
    return lastTimeNs;
  }

  /** Writes the pending value and starts a new interval. */
  void send(SampleJsonWriter out, long nowNs) {
    if (mode == DecimationMode.LATEST) {
      out.signal(name, last);
    } else {
      out.signalRange(name, min, max);
    }
    count = 0;
    nextSendNs = nowNs + intervalNs;
  }
}
