package io.ecugateway.ingest;

/**
 * TEST ONLY: lets the crash-recovery tests kill the process ({@code halt}, as {@code kill -9} does:
 * no shutdown hook, no flush) at a named step of the upload pipeline. Armed only by the JVM system
 * property {@value #PROPERTY} (e.g. {@code -Decugw.test.haltAt=decoded}); the gateway's
 * configuration (YAML, {@code ECUGW_*}) cannot set it. Unset, {@link #reached} does nothing. Paths
 * that hand logs to the pipeline (bucket import) name their own steps.
 */
public final class CrashPoint {
  static final String PROPERTY = "ecugw.test.haltAt";

  /** The body is fsynced and moved into the archive, not journaled yet (no 202 sent). */
  static final String ARCHIVED = "archived";

  /** The upload is journaled QUEUED and queued, its 202 not sent yet. */
  static final String QUEUED = "queued";

  /** The upload is journaled DECODING, nothing decoded yet. */
  static final String DECODING = "decoding";

  /** The upload's rows are in the batch, not committed. */
  static final String DECODED = "decoded";

  /** A batch is committed, its uploads not journaled STORED yet. */
  static final String COMMITTED = "committed";

  private static final String ARMED = System.getProperty(PROPERTY);

  private CrashPoint() {}

  public static void reached(String step) {
    if (step.equals(ARMED)) {
      System.err.println("ecugw test hook: halting at step '" + step + "'");
      Runtime.getRuntime().halt(137);
    }
  }
}
