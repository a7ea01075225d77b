package io.ecugateway.pipeline;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.dbc.Dbc;
import io.ecugateway.transport.DbcTransport;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code transport} settings turned into a {@link TransportConfig} per device: the settings'
 * protocols, layouts and IDs plus the ISO-TP streams of the device's DBC files. One source for
 * uploads, live connections and replays, so all reassemble alike. Thread-safe.
 */
public final class TransportConfigs {
  private static final int MAX_CACHED_CONFIGS = 4096;

  private final TransportSettings settings;
  private final DbcCatalog catalog;
  private final Map<DbcCatalog.DeviceDecoders, TransportConfig> configs = new ConcurrentHashMap<>();

  public TransportConfigs(TransportSettings settings, DbcCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  public TransportSettings settings() {
    return settings;
  }

  /** The reassembly of a device with these decoders, or null when nothing is reassembled. */
  public TransportConfig forDevice(DbcCatalog.DeviceDecoders decoders) {
    if (!settings.enabled()) {
      return null;
    }
    if (configs.size() > MAX_CACHED_CONFIGS) {
      configs.clear(); // decoders of replaced DBC snapshots; rebuilt on demand
    }
    return configs.computeIfAbsent(decoders, this::build);
  }

  private TransportConfig build(DbcCatalog.DeviceDecoders decoders) {
    TransportConfig.Builder b = settings.builder();
    for (String file : decoders.files()) {
      Dbc dbc = catalog.dbc(file);
      if (dbc != null) {
        DbcTransport.addIsoTpStreams(b, DbcCatalog.busOf(file), dbc, settings.dbcLayout(file));
      }
    }
    return b.build();
  }
}
