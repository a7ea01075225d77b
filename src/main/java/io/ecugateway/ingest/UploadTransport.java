package io.ecugateway.ingest;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.dbc.Dbc;
import io.ecugateway.transport.DbcTransport;
import io.ecugateway.transport.IsoTpLayout;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportProtocol;
import io.ecugateway.transport.TransportSessions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multi-frame reassembly for uploads: the {@code transport} settings turned into a {@link
 * TransportConfig} per device (its DBC files give the ISO-TP streams), and one {@link
 * io.ecugateway.transport.TransportStage} per device session kept across its split uploads.
 */
final class UploadTransport {
  private static final int MAX_CACHED_CONFIGS = 4096;

  private final GatewayConfig.Transport settings;
  private final DbcCatalog catalog;
  private final TransportSessions sessions;
  private final Map<DbcCatalog.DeviceDecoders, TransportConfig> configs = new ConcurrentHashMap<>();

  UploadTransport(GatewayConfig.Transport settings, DbcCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
    this.sessions = new TransportSessions(settings.sessions());
  }

  /** The stage for this upload, or null when nothing is reassembled for the device. */
  TransportSessions.Lease take(Upload upload, DbcCatalog.DeviceDecoders decoders) {
    if (!settings.enabled()) {
      return null;
    }
    if (configs.size() > MAX_CACHED_CONFIGS) {
      configs.clear(); // decoders of replaced DBC snapshots; rebuilt on demand
    }
    TransportConfig config = configs.computeIfAbsent(decoders, this::build);
    return sessions.take(upload.device(), upload.session(), splitNumber(upload.splitKey()), config);
  }

  void give(TransportSessions.Lease lease) {
    sessions.give(lease);
  }

  void discard(TransportSessions.Lease lease) {
    sessions.discard(lease);
  }

  private TransportConfig build(DbcCatalog.DeviceDecoders decoders) {
    TransportConfig.Builder b = TransportConfig.builder();
    settings
        .protocols()
        .forEach((bus, list) -> list.forEach(p -> b.enable(bus(bus), TransportProtocol.parse(p))));
    settings.isotpLayouts().forEach((bus, l) -> b.isoTpLayout(bus(bus), IsoTpLayout.parse(l)));
    settings
        .isotpIds()
        .forEach(
            (bus, ids) ->
                ids.forEach(
                    id -> {
                      int[] parsed = GatewayConfig.Transport.parseIsoTpId(id);
                      b.isoTpStream(bus(bus), parsed[0], parsed[1] == 1);
                    }));
    for (String file : decoders.files()) {
      Dbc dbc = catalog.dbc(file);
      if (dbc != null) {
        String layout = settings.dbcLayouts().get(file);
        DbcTransport.addIsoTpStreams(
            b, DbcCatalog.busOf(file), dbc, layout == null ? null : IsoTpLayout.parse(layout));
      }
    }
    return b.build();
  }

  /** {@code *} is every bus; bus names are compared as the catalog does, in lower case. */
  private static String bus(String key) {
    return key.equals("*") ? null : key.toLowerCase(Locale.ROOT);
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
