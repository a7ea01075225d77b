package io.ecugateway.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@code device.json} each CANedge PUT (its heartbeat, every {@code
 * connect.s3.sync.heartbeat} seconds): when it was seen, its firmware, its SD card use and the
 * fields it sent. Rebuilt at start from the stored {@code device.json} objects; shown by {@code GET
 * /api/v1/devices}.
 */
public final class DeviceHeartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceHeartbeats.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Larger heartbeats are stored but not read (a real one is under 1 KiB). */
  static final int MAX_BYTES = 64 * 1024;

  private final Map<String, Heartbeat> byDevice = new ConcurrentHashMap<>();

  /**
   * One heartbeat.
   *
   * @param device the device (the key's first segment)
   * @param lastSeen when it arrived, ms since the epoch
   * @param firmware {@code fw_ver}, or null
   * @param storage {@code space_used_mb} (used/total MB), or null
   * @param config {@code cfg_name}, or null
   * @param fields the top-level fields the device sent, in its order
   */
  public record Heartbeat(
      String device,
      long lastSeen,
      String firmware,
      String storage,
      String config,
      List<String> fields) {}

  /** The latest heartbeat of {@code device}. */
  public Optional<Heartbeat> of(String device) {
    return Optional.ofNullable(byDevice.get(device));
  }

  /** Every device's latest heartbeat. */
  public Collection<Heartbeat> all() {
    return List.copyOf(byDevice.values());
  }

  /**
   * Records the heartbeat in {@code file} (blocking).
   *
   * @return it, or empty when the file is not a JSON object
   */
  Optional<Heartbeat> record(String device, Path file, long when) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        LOG.warn("[device: {}] device.json over {} bytes: stored, not read", device, MAX_BYTES);
        return Optional.empty();
      }
      JsonNode tree = JSON.readTree(bytes);
      if (tree == null || !tree.isObject()) {
        LOG.warn("[device: {}] device.json is not a JSON object: stored, not read", device);
        return Optional.empty();
      }
      List<String> fields = new ArrayList<>();
      for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
        fields.add(it.next());
      }
      Heartbeat h =
          new Heartbeat(
              device,
              when,
              text(tree, "fw_ver"),
              text(tree, "space_used_mb"),
              text(tree, "cfg_name"),
              List.copyOf(fields));
      byDevice.merge(device, h, (old, neu) -> neu.lastSeen() >= old.lastSeen() ? neu : old);
      return Optional.of(h);
    } catch (IOException e) {
      LOG.warn(
          "[device: {}] device.json unreadable ({}): stored, not read", device, e.getMessage());
      return Optional.empty();
    }
  }

  private static String text(JsonNode tree, String field) {
    JsonNode v = tree.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
