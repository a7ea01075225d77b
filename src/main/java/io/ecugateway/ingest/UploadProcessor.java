package io.ecugateway.ingest;

import java.nio.file.Path;

/**
 * Decodes archived uploads into the store. Several uploads can share one store transaction (a
 * {@link Batch}): a store commit costs a number of fsyncs whatever its size, so committing many
 * uploads at once is what makes a busy gateway fast.
 */
public interface UploadProcessor {

  /** A new, empty batch. */
  Batch openBatch() throws Exception;

  /** Decodes one upload on its own: {@link Batch#add}, then {@link Batch#commit}. */
  default DecodeSummary process(Upload upload, Path file) throws Exception {
    try (Batch batch = openBatch()) {
      DecodeSummary summary = batch.add(upload, file);
      batch.commit();
      return summary;
    }
  }

  /**
   * Uploads decoded into one store transaction. Confined to one thread (runs on a virtual thread;
   * may block). Replaying an upload is idempotent, so after a crash, or when a batch is discarded,
   * its uploads are simply decoded again.
   */
  interface Batch extends AutoCloseable {

    /**
     * Reads {@code file} and decodes it with the DBCs bound to the upload's device; its rows are
     * pending until {@link #commit()} (a very large upload may commit part of them early).
     *
     * @throws Exception a failure whose message becomes the upload's {@code reason}; the batch then
     *     holds rows of the failed upload and must be closed, not committed
     */
    DecodeSummary add(Upload upload, Path file) throws Exception;

    /** Rows added since the last commit. */
    long pendingRows();

    /** Makes the rows of every added upload durable and visible to queries. */
    void commit() throws Exception;

    /** Discards rows not committed yet and releases the store's writers. */
    @Override
    void close();
  }
}
