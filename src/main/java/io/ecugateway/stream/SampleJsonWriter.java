package io.ecugateway.stream;

/**
 * Builds one batched server message:
 *
 * <pre>{"type":"samples","samples":[{"device":"D","t":1600000000.123456,"message":"M",
 * "signals":{"S":1.5,"R":[0.5,2]}}],"dropped":3}</pre>
 *
 * Reused per client: {@link #finish} returns the text and resets it.
 */
public final class SampleJsonWriter {
  private final StringBuilder sb = new StringBuilder(512);
  private int samples;
  private int signalsInSample = -1;
  private int sampleStart;

  boolean isEmpty() {
    return samples == 0;
  }

  void beginSample(String device, long timeNs, String message) {
    if (samples == 0) {
      sb.setLength(0);
      sb.append("{\"type\":\"samples\",\"samples\":[");
      sampleStart = sb.length();
    } else {
      sampleStart = sb.length();
      sb.append(',');
    }
    samples++;
    sb.append("{\"device\":");
    Json.string(sb, device).append(",\"t\":");
    Json.seconds(sb, timeNs).append(",\"message\":");
    Json.string(sb, message).append(",\"signals\":{");
    signalsInSample = 0;
  }

  void signal(String name, double value) {
    key(name);
    Json.number(sb, value);
  }

  void signalRange(String name, double min, double max) {
    key(name);
    sb.append('[');
    Json.number(sb, min).append(',');
    Json.number(sb, max).append(']');
  }

  private void key(String name) {
    if (signalsInSample++ > 0) {
      sb.append(',');
    }
    Json.string(sb, name).append(':');
  }

  /** Closes the current sample; drops it again if no signal was written. */
  void endSample() {
    if (signalsInSample == 0) {
      sb.setLength(sampleStart);
      samples--;
    } else {
      sb.append("}}");
    }
    signalsInSample = -1;
  }

  /**
   * @param dropped the client's running count of coalesced/dropped updates (sent when non-zero)
   * @return the message, or null if no sample was written
   */
  String finish(long dropped) {
    if (samples == 0) {
      return null;
    }
    sb.append(']');
    if (dropped > 0) {
      sb.append(",\"dropped\":").append(dropped);
    }
    sb.append('}');
    samples = 0;
    return sb.toString();
  }
}
