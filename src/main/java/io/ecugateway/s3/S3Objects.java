package io.ecugateway.s3;

import io.ecugateway.ingest.Ingest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stored object means to the gateway: CANedge logs go to the ingest pipeline ({@link
 * LogRouting}), heartbeats update {@link DeviceHeartbeats}, everything else is kept as it was sent.
 * Blocking: call off the event loop.
 */
final class S3Objects {
  private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);

  private final ObjectStore store;
  private final Multipart multipart;
  private final LogRouting routing;
  private final DeviceHeartbeats heartbeats;
  private final S3Metrics metrics;

  S3Objects(ObjectStore store, Ingest ingest, DeviceHeartbeats heartbeats, S3Metrics metrics) {
    this.store = store;
    this.multipart = new Multipart(store.root().resolve("multipart"));
    this.routing = new LogRouting(ingest, store);
    this.heartbeats = heartbeats;
    this.metrics = metrics;
  }

  ObjectStore store() {
    return store;
  }

  Multipart multipart() {
    return multipart;
  }

  /**
   * Makes {@code data} the object {@code bucket/key} (or hands it to the pipeline) durably.
   *
   * @return the object's record as the client should see it (its ETag)
   */
  ObjectMeta put(
      String bucket,
      String key,
      Path data,
      long size,
      String etag,
      String contentType,
      Map<String, String> metadata)
      throws IOException {
    ObjectMeta meta = new ObjectMeta(key, null, size, etag, 0, contentType, metadata, null);
    CanedgeKey what = CanedgeKey.of(key);
    String device = what.device() == null ? "-" : what.device();
    switch (what.kind()) {
      case LOG -> {
        LogRouting.Routed r = routing.route(bucket, key, what.log(), data, meta);
        metrics.log(r.outcome());
        LOG.info(
            "[device: {}, key: {}{}] S3 log {} ({} bytes{})",
            device,
            key,
            r.meta().upload() == null ? "" : ", upload: " + r.meta().upload(),
            describe(r.outcome()),
            size,
            metadata.containsKey("fw") ? ", firmware " + metadata.get("fw") : "");
        return r.meta();
      }
      case HEARTBEAT -> {
        ObjectMeta m = store.commit(bucket, key, data, meta);
        metrics.heartbeats.increment();
        heartbeats
            .record(device, store.dataFile(bucket, m), m.lastModified())
            .ifPresent(
                h ->
                    LOG.info(
                        "[device: {}] heartbeat: firmware {}, storage {} MB, config {}",
                        device,
                        h.firmware(),
                        h.storage(),
                        h.config()));
        return m;
      }
      default -> {
        ObjectMeta m = store.commit(bucket, key, data, meta);
        LOG.info("[device: {}, key: {}] S3 object stored ({} bytes)", device, key, size);
        return m;
      }
    }
  }

  private static String describe(LogRouting.Outcome outcome) {
    return switch (outcome) {
      case INGESTED -> "accepted into the upload pipeline";
      case DUPLICATE -> "already received for this session and split: acknowledged, ignored";
      case NOT_A_LOG -> "is no readable log: kept as a plain object";
    };
  }

  /** Rebuilds the heartbeats from the stored {@code device.json} objects (at start). */
  void loadHeartbeats(List<String> buckets) throws IOException {
    for (String bucket : buckets) {
      for (String top : store.topLevelDirectories(bucket)) {
        CanedgeKey k = CanedgeKey.of(top + "/device.json");
        if (k.kind() == CanedgeKey.Kind.HEARTBEAT) {
          for (ObjectMeta m : store.head(bucket, top + "/device.json").stream().toList()) {
            heartbeats.record(k.device(), store.dataFile(bucket, m), m.lastModified());
          }
        }
      }
    }
  }
}
