package io.ecugateway.s3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The S3 endpoint's meters: {@code ecugw.s3.requests{operation,status}}, {@code
 * ecugw.s3.bytes{direction}}, {@code ecugw.s3.auth.failures{code}}, {@code ecugw.s3.logs{outcome}}
 * (CANedge logs ingested, duplicates, not logs), {@code ecugw.s3.heartbeats} and {@code
 * ecugw.s3.downloads{kind}} (config, schema, firmware files devices fetched).
 */
final class S3Metrics {
  private final MeterRegistry meters;
  private final Counter bytesIn;
  private final Counter bytesOut;
  final Counter heartbeats;

  S3Metrics(MeterRegistry meters) {
    this.meters = meters;
    this.bytesIn =
        Counter.builder("ecugw.s3.bytes")
            .tag("direction", "in")
            .baseUnit("bytes")
            .description("S3 request and response body bytes")
            .register(meters);
    this.bytesOut =
        Counter.builder("ecugw.s3.bytes")
            .tag("direction", "out")
            .baseUnit("bytes")
            .register(meters);
    this.heartbeats =
        Counter.builder("ecugw.s3.heartbeats")
            .description("device.json heartbeats received")
            .register(meters);
  }

  void request(String operation, int status) {
    Counter.builder("ecugw.s3.requests")
        .tag("operation", operation)
        .tag("status", Integer.toString(status))
        .register(meters)
        .increment();
  }

  void authFailure(String code) {
    Counter.builder("ecugw.s3.auth.failures")
        .description("S3 requests refused by authentication or authorization")
        .tag("code", code)
        .register(meters)
        .increment();
  }

  void log(LogRouting.Outcome outcome) {
    Counter.builder("ecugw.s3.logs")
        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .increment();
  }

  void download(CanedgeKey.Kind kind) {
    Counter.builder("ecugw.s3.downloads")
        .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .increment();
  }

  void in(long bytes) {
    bytesIn.increment(bytes);
  }

  void out(long bytes) {
    bytesOut.increment(bytes);
  }
}
