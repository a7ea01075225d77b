package io.ecugateway.ingest;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.pipeline.TransportConfigs;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportSessions;
import io.ecugateway.transport.TransportSettings;

/**
 * Multi-frame reassembly for uploads: one {@link io.ecugateway.transport.TransportStage} per device
 * session, kept across its split uploads, configured per device by {@link TransportConfigs}.
 */
final class UploadTransport {
  private final TransportConfigs configs;
  private final TransportSessions sessions;

  UploadTransport(TransportSettings settings, DbcCatalog catalog) {
    this.configs = new TransportConfigs(settings, catalog);
    this.sessions = new TransportSessions(settings.sessions());
  }

  /** The stage for this upload, or null when nothing is reassembled for the device. */
  TransportSessions.Lease take(Upload upload, DbcCatalog.DeviceDecoders decoders) {
    TransportConfig config = configs.forDevice(decoders);
    if (config == null) {
      return null;
    }
    return sessions.take(upload.device(), upload.session(), splitNumber(upload.splitKey()), config);
  }

  void give(TransportSessions.Lease lease) {
    sessions.give(lease);
  }

  void discard(TransportSessions.Lease lease) {
    sessions.discard(lease);
  }

  /**
   * The split number of a CANedge split key ({@code 00000002} → 2). Keys without a number never
   * continue a previous split.
   */
  static long splitNumber(String splitKey) {
    int end = 0;
    while (end < splitKey.length() && end < 18 && Character.isDigit(splitKey.charAt(end))) {
      end++;
    }
    return end == 0 ? -10 : Long.parseLong(splitKey.substring(0, end));
  }
}
