package io.ecugateway.ingest;

import java.io.IOException;

/**
 * A received body that {@link Ingest#accept} refuses before the {@code 202}: the HTTP status to
 * answer and a message for the client (never an absolute server path). The spooled body is already
 * deleted when this is thrown.
 */
public final class UploadRejectedException extends IOException {
  private final int status;

  UploadRejectedException(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * 400 (empty body), 415 (no log format matches), 507 (the data directory is full) or 500 (another
   * I/O failure while making the body durable).
   */
  public int status() {
    return status;
  }
}
