package io.ecugateway.ingest;

/** Life of an upload. Only STORED and FAILED are final; the others resume after a restart. */
public enum UploadState {
  QUEUED,
  DECODING,
  STORED,
  FAILED;

  public boolean isFinal() {
    return this == STORED || this == FAILED;
  }
}
