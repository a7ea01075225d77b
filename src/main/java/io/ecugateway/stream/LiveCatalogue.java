package io.ecugateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Devices and messages seen on the live path, with their signal definitions: what a dashboard
 * offers for search. Entries appear when first decoded ("new device, new signal seen") and are
 * never removed while the server runs. Thread-safe; bounded so that a misbehaving source cannot
 * grow it without limit.
 */
public final class LiveCatalogue {
  /** More (device, message) entries than this are not listed (data still flows). */
  public static final int MAX_ENTRIES = 100_000;

  private final ConcurrentMap<String, ConcurrentMap<String, MessageInfo>> devices =
      new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /** Fast check for the per-message path: true if already listed. */
  public boolean contains(String device, String message) {
    Map<String, MessageInfo> m = devices.get(device);
    return m != null && m.containsKey(message);
  }

  /**
   * Adds a message for a device.
   *
   * @return true if it was new (callers then announce it to clients)
   */
  public boolean add(String device, MessageInfo message) {
    if (contains(device, message.name())) {
      return false;
    }
    if (size.get() >= MAX_ENTRIES) {
      return false;
    }
    MessageInfo prev =
        devices
            .computeIfAbsent(device, d -> new ConcurrentHashMap<>())
            .putIfAbsent(message.name(), message);
    if (prev == null) {
      size.incrementAndGet();
      return true;
    }
    return false;
  }

  public List<String> devices() {
    List<String> list = new ArrayList<>(devices.keySet());
    list.sort(null);
    return list;
  }

  /** The whole catalogue as a server message: {@code {"type":"catalogue","full":true,...}}. */
  public String toJson() {
    return toJson(d -> true);
  }

  /** The entries of the devices {@code visible} accepts. */
  public String toJson(Predicate<String> visible) {
    StringBuilder sb = new StringBuilder(256).append("{\"type\":\"catalogue\",\"full\":true");
    sb.append(",\"devices\":[");
    boolean first = true;
    for (String device : devices()) {
      if (!visible.test(device)) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendDevice(sb, device, new TreeMap<>(devices.get(device)).values());
    }
    return sb.append("]}").toString();
  }

  /** New entries as a server message: {@code {"type":"catalogue","full":false,...}}. */
  public static String updateJson(Map<String, List<MessageInfo>> entries) {
    StringBuilder sb = new StringBuilder(128).append("{\"type\":\"catalogue\",\"full\":false");
    sb.append(",\"devices\":[");
    boolean first = true;
    for (Map.Entry<String, List<MessageInfo>> e : entries.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendDevice(sb, e.getKey(), e.getValue());
    }
    return sb.append("]}").toString();
  }

  private static void appendDevice(
      StringBuilder sb, String device, Iterable<MessageInfo> messages) {
    sb.append("{\"device\":");
    Json.string(sb, device).append(",\"messages\":[");
    boolean first = true;
    for (MessageInfo m : messages) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append("{\"message\":");
      Json.string(sb, m.name()).append(",\"id\":").append(m.id()).append(",\"signals\":[");
      for (int i = 0; i < m.signals().size(); i++) {
        SignalInfo s = m.signals().get(i);
        sb.append(i == 0 ? "" : ",").append("{\"name\":");
        Json.string(sb, s.name()).append(",\"unit\":");
        Json.string(sb, s.unit());
        if (!s.labels().isEmpty()) {
          sb.append(",\"labels\":{");
          boolean firstLabel = true;
          for (Map.Entry<Long, String> e : new TreeMap<>(s.labels()).entrySet()) {
            sb.append(firstLabel ? "" : ",");
            firstLabel = false;
            Json.string(sb, Long.toString(e.getKey())).append(':');
            Json.string(sb, e.getValue());
          }
          sb.append('}');
        }
        sb.append('}');
      }
      sb.append("]}");
    }
    sb.append("]}");
  }
}
