package io.ecugateway.s3import;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The import's counters: {@code ecugw.s3import.objects{result}} (listed, imported, unchanged,
 * skipped, failed) and {@code ecugw.s3import.bytes} (bytes downloaded and handed to the pipeline).
 */
final class ImportMetrics {
  final Counter listed;
  final Counter imported;
  final Counter unchanged;
  final Counter skipped;
  final Counter failed;
  final Counter bytes;

  ImportMetrics(MeterRegistry meters) {
    listed = objects(meters, "listed");
    imported = objects(meters, "imported");
    unchanged = objects(meters, "unchanged");
    skipped = objects(meters, "skipped");
    failed = objects(meters, "failed");
    bytes =
        Counter.builder("ecugw.s3import.bytes")
            .description("Bytes of bucket objects downloaded and handed to the ingest pipeline")
            .baseUnit("bytes")
            .register(meters);
  }

  private static Counter objects(MeterRegistry meters, String result) {
    return Counter.builder("ecugw.s3import.objects")
        .description(
            "Bucket objects listed; imported, unchanged (imported before), skipped (not a CANedge"
                + " log) or failed (tried again at the next pass)")
        .tag("result", result)
        .register(meters);
  }
}
