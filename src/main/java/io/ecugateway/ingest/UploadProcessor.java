package io.ecugateway.ingest;

import java.nio.file.Path;

/** Decodes one archived upload into the store. Runs on a virtual thread; may block. */
@FunctionalInterface
public interface UploadProcessor {

  /**
   * Reads {@code file}, decodes it with the DBCs bound to the upload's device and writes the rows.
   * Must be idempotent: after a crash the same upload is processed again.
   *
   * @throws Exception a failure whose message becomes the upload's {@code reason}
   */
  DecodeResult process(Upload upload, Path file) throws Exception;
}
