package io.ecugateway.stream;

/**
 * One decoded message on its way to live clients: the values of the signals present in one frame.
 * The {@code signals} array normally is the decoder's own (shared, never modified); {@code values}
 * is parallel to it. Neither is copied, so producers must not change them after publishing.
 *
 * @param device device name
 * @param bus bus the frame arrived on ({@code can1}...)
 * @param message DBC message name
 * @param timeNs frame time, nanoseconds since the Unix epoch
 * @param signals signal names
 * @param values physical values, parallel to {@code signals}
 */
public record LiveMessage(
    String device, String bus, String message, long timeNs, String[] signals, double[] values) {

  public LiveMessage {
    if (signals.length != values.length) {
      throw new IllegalArgumentException(
          "signals and values differ in length: " + signals.length + " vs " + values.length);
    }
  }
}
