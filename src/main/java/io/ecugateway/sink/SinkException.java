package io.ecugateway.sink;

/**
 * A store could not take or give data; the message names the table or query. {@link
 * #transientFailure()} tells callers whether trying the same work again later can succeed (disk
 * full, store unreachable, a table dropped behind the gateway's back) or not (the store refuses the
 * data itself).
 */
public class SinkException extends Exception {
  private final boolean transientFailure;

  public SinkException(String message) {
    this(message, null, false);
  }

  public SinkException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public SinkException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /** True when the failure lies in the environment and the same work may succeed later. */
  public boolean transientFailure() {
    return transientFailure;
  }
}
