package io.ecugateway.sink;

/** A store could not take or give data; the message names the table or query. */
public class SinkException extends Exception {
  public SinkException(String message) {
    super(message);
  }

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
