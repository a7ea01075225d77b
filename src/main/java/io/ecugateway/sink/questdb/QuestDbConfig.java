package io.ecugateway.sink.questdb;

import io.ecugateway.sink.OutputConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code storage.questdb}: the embedded QuestDB (files in {@code <dataDir>/questdb}).
 *
 * @param pgHost address of the embedded QuestDB's PostgreSQL-wire endpoint (what Grafana uses)
 * @param pgPort its port
 * @param pgUser its user
 * @param pgPassword its password
 * @param httpEnabled QuestDB's own HTTP server and web console (on {@code httpPort}, loopback)
 * @param httpPort port of that console
 * @param readOnlyUser PG-wire user that may only read (what Grafana should use); empty = none
 * @param readOnlyPassword its password
 */
public record QuestDbConfig(
    String pgHost,
    int pgPort,
    String pgUser,
    String pgPassword,
    boolean httpEnabled,
    int httpPort,
    String readOnlyUser,
    String readOnlyPassword)
    implements OutputConfig {
  public static final QuestDbConfig DEFAULTS =
      new QuestDbConfig("127.0.0.1", 8812, "admin", "quest", false, 9000, "grafana", "quest");

  public QuestDbConfig {
    pgHost = pgHost == null ? DEFAULTS.pgHost : pgHost;
    pgUser = pgUser == null ? DEFAULTS.pgUser : pgUser;
    pgPassword = pgPassword == null ? DEFAULTS.pgPassword : pgPassword;
    readOnlyUser = readOnlyUser == null ? DEFAULTS.readOnlyUser : readOnlyUser.trim();
    readOnlyPassword = readOnlyPassword == null ? DEFAULTS.readOnlyPassword : readOnlyPassword;
  }

  public boolean readOnlyEnabled() {
    return !readOnlyUser.isEmpty();
  }

  /**
   * Ports in range; and the PG-wire endpoint is QuestDB itself: its admin user writes and drops
   * tables without any gateway token. Off loopback it must not answer to well-known credentials.
   */
  @Override
  public void validate(List<String> errors) {
    checkPort(errors, "storage.questdb.pgPort", pgPort);
    checkPort(errors, "storage.questdb.httpPort", httpPort);
    if (readOnlyEnabled() && readOnlyPassword.isEmpty()) {
      errors.add(
          "storage.questdb.readOnlyPassword must not be empty (or set storage.questdb.readOnlyUser"
              + " to \"\" for no read-only user)");
    }
    if (readOnlyEnabled() && readOnlyUser.equals(pgUser)) {
      errors.add("storage.questdb.readOnlyUser must differ from storage.questdb.pgUser");
    }
    if (isLoopback(pgHost)) {
      return;
    }
    String where = "storage.questdb.pgHost is " + pgHost + " (not loopback) but ";
    if (pgPassword.isEmpty() || pgPassword.equals(DEFAULTS.pgPassword)) {
      errors.add(
          where
              + "storage.questdb.pgPassword is empty or QuestDB's default: anyone reaching the"
              + " port could write and drop tables. Set storage.questdb.pgPassword"
              + " (ECUGW_STORAGE_QUESTDB_PG_PASSWORD), or bind pgHost to 127.0.0.1");
    }
    if (readOnlyEnabled()
        && (readOnlyPassword.isEmpty() || readOnlyPassword.equals(DEFAULTS.readOnlyPassword))) {
      errors.add(
          where
              + "storage.questdb.readOnlyPassword is empty or the default. Set"
              + " storage.questdb.readOnlyPassword (ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD),"
              + " or storage.questdb.readOnlyUser to \"\" for no read-only user");
    }
    if (httpEnabled) {
      errors.add(
          where
              + "storage.questdb.httpEnabled is true: QuestDB's web console has no login and"
              + " full write access. Turn it off, or bind pgHost to 127.0.0.1");
    }
  }

  private static void checkPort(List<String> errors, String key, int port) {
    if (port < 0 || port > 65535) {
      errors.add(key + " must be 0..65535, found " + port);
    }
  }

  /**
   * Whether {@code host} reaches this machine only (an unresolvable name does not). The same rule
   * as {@code config.GatewayConfig.isLoopback}, which this package cannot import (config imports
   * it).
   */
  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
