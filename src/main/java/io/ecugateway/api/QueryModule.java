package io.ecugateway.api;

import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.catalog.SignalIndex.MessageEntry;
import io.ecugateway.catalog.SignalIndex.SignalRef;
import io.ecugateway.s3.DeviceHeartbeats;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.Responses;
import io.ecugateway.sink.SignalQueries;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query API (JSON):
 *
 * <ul>
 *   <li>{@code GET /api/v1/devices}: devices with stored signals or an S3 heartbeat ({@code
 *       device.json}: last seen, firmware, SD use)
 *   <li>{@code GET /api/v1/devices/{device}/signals}: message, signal, unit, first/last seen
 *   <li>{@code GET /api/v1/series?device=&signal=&from=&to=&maxPoints=}: one signal downsampled in
 *       the store to at most {@code maxPoints} buckets of min/max/avg
 * </ul>
 */
public final class QueryModule implements HttpModule {
  static final int DEFAULT_POINTS = 1000;
  static final int MAX_POINTS = 20_000;

  private final GatewayContext context;

  public QueryModule(GatewayContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "query";
  }

  @Override
  public void mount(Router router, GatewayContext ignored) {
    router.get("/api/v1/devices").handler(this::devices);
    router.get("/api/v1/devices/:device/signals").handler(this::signals);
    router.get("/api/v1/series").handler(this::series);
  }

  private boolean mayRead(RoutingContext ctx, String device) {
    return context.auth().mayAccess(ctx.request().getHeader("Authorization"), device);
  }

  private void devices(RoutingContext ctx) {
    SignalIndex index = context.signals();
    Optional<DeviceHeartbeats> heartbeats = context.find(DeviceHeartbeats.class);
    java.util.Set<String> devices = new java.util.LinkedHashSet<>(index.devices());
    heartbeats.ifPresent(h -> h.all().forEach(b -> devices.add(b.device())));
    List<Map<String, Object>> out = new ArrayList<>();
    for (String device : devices) {
      if (!mayRead(ctx, device)) {
        continue;
      }
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      int signals = 0;
      for (MessageEntry e : index.messages(device)) {
        first = Math.min(first, e.firstSeenMicros());
        last = Math.max(last, e.lastSeenMicros());
        signals += e.signals().size();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("device", device);
      m.put("messages", index.messages(device).size());
      m.put("signals", signals);
      m.put("firstSeen", iso(first));
      m.put("lastSeen", iso(last));
      heartbeats.flatMap(h -> h.of(device)).ifPresent(h -> m.put("heartbeat", heartbeat(h)));
      out.add(m);
    }
    Responses.json(ctx, 200, Map.of("devices", out));
  }

  /** The device's last S3 heartbeat ({@code device.json}): when, firmware, SD use, fields. */
  private static Map<String, Object> heartbeat(DeviceHeartbeats.Heartbeat h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastSeen", Instant.ofEpochMilli(h.lastSeen()).toString());
    m.put("firmware", h.firmware());
    m.put("storageMb", h.storage());
    m.put("config", h.config());
    m.put("fields", h.fields());
    return m;
  }

  private void signals(RoutingContext ctx) {
    String device = ctx.pathParam("device");
    if (!mayRead(ctx, device)) {
      Responses.error(ctx, 403, "this token may not read device " + device);
      return;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (MessageEntry e : context.signals().messages(device)) {
      for (int i = 0; i < e.signals().size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", e.message());
        m.put("signal", e.signals().get(i));
        m.put("unit", e.units().get(i));
        m.put("table", e.table());
        m.put("column", e.columns().get(i));
        m.put("firstSeen", iso(e.firstSeenMicros()));
        m.put("lastSeen", iso(e.lastSeenMicros()));
        out.add(m);
      }
    }
    if (out.isEmpty() && !context.signals().devices().contains(device)) {
      Responses.error(ctx, 404, "no signals stored for device " + device);
      return;
    }
    Responses.json(ctx, 200, Map.of("device", device, "signals", out));
  }

  private void series(RoutingContext ctx) {
    String device = ctx.request().getParam("device");
    String signal = ctx.request().getParam("signal");
    if (device == null || signal == null) {
      Responses.error(ctx, 400, "parameters device and signal are required");
      return;
    }
    if (!mayRead(ctx, device)) {
      Responses.error(ctx, 403, "this token may not read device " + device);
      return;
    }
    Optional<SignalRef> found;
    try {
      found = context.signals().find(device, signal);
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, e.getMessage() + " (use Message.Signal)");
      return;
    }
    if (found.isEmpty()) {
      Responses.error(ctx, 404, "device " + device + " has no signal " + signal);
      return;
    }
    SignalRef ref = found.get();
    long from;
    long to;
    int maxPoints;
    try {
      from = time("from", ctx.request().getParam("from"), ref.entry().firstSeenMicros());
      to = time("to", ctx.request().getParam("to"), ref.entry().lastSeenMicros() + 1);
      maxPoints = maxPoints(ctx.request().getParam("maxPoints"));
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, e.getMessage());
      return;
    }
    if (to <= from) {
      Responses.error(ctx, 400, "'to' must be after 'from'");
      return;
    }
    long bucket = bucketMicros(from, to, maxPoints);
    context
        .blocking()
        .submit(
            () ->
                context
                    .queries()
                    .series(ref.entry().table(), ref.column(), device, from, to, bucket))
        .onSuccess(
            buckets ->
                Responses.json(
                    ctx, 200, body(device, ref, from, to, bucket, atMost(buckets, maxPoints))))
        .onFailure(t -> Responses.error(ctx, 502, "store query failed: " + t.getMessage()));
  }

  private static Map<String, Object> body(
      String device,
      SignalRef ref,
      long from,
      long to,
      long bucket,
      List<SignalQueries.Bucket> bs) {
    List<Map<String, Object>> points = new ArrayList<>(bs.size());
    for (SignalQueries.Bucket b : bs) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("t", b.startMicros() / 1000.0);
      p.put("min", b.min());
      p.put("max", b.max());
      p.put("avg", b.avg());
      p.put("count", b.count());
      points.add(p);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("device", device);
    m.put("signal", ref.name());
    m.put("unit", ref.unit());
    m.put("from", iso(from));
    m.put("to", iso(to));
    m.put("bucketMicros", bucket);
    m.put("points", points);
    return m;
  }

  private static int maxPoints(String value) {
    if (value == null) {
      return DEFAULT_POINTS;
    }
    if (value.matches("\\d{1,5}")) {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_POINTS) {
        return n;
      }
    }
    throw new IllegalArgumentException(
        "maxPoints must be 1.." + MAX_POINTS + ", found '" + abbreviate(value) + "'");
  }

  /** Earliest and latest accepted {@code from}/{@code to}: years 0001 to 9999, as in SQL stores. */
  static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * ISO-8601 instant or epoch milliseconds → µs since the epoch; default when absent.
   *
   * @throws IllegalArgumentException naming {@code param} and the accepted range when the value is
   *     malformed or outside {@link #MIN_TIME} … {@link #MAX_TIME}
   */
  static long time(String param, String value, long defaultMicros) {
    if (value == null || value.isBlank()) {
      return defaultMicros;
    }
    Instant t;
    try {
      t =
          value.matches("-?\\d{1,19}")
              ? Instant.ofEpochMilli(Long.parseLong(value))
              : Instant.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      t = null;
    }
    if (t == null || t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(
          "bad '"
              + param
              + "': expected an ISO-8601 instant or epoch milliseconds from "
              + MIN_TIME
              + " to "
              + MAX_TIME
              + " ("
              + MIN_TIME.toEpochMilli()
              + " to "
              + MAX_TIME.toEpochMilli()
              + "), found '"
              + abbreviate(value)
              + "'");
    }
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /**
   * The bucket width for at most {@code maxPoints} buckets over {@code from … to} (µs). The stores
   * align buckets to a fixed grid (QuestDB's calendar, PostgreSQL's epoch), not to {@code from}, so
   * a span of {@code k} widths can touch {@code k + 1} buckets: the span is split into {@code
   * maxPoints - 1} widths ({@link #atMost} merges what a single point cannot avoid). Within the
   * accepted time range the span fits a long; stored first/last-seen defaults might not, so the
   * span is computed exactly.
   */
  static long bucketMicros(long from, long to, int maxPoints) {
    BigInteger span = BigInteger.valueOf(to).subtract(BigInteger.valueOf(from));
    BigInteger[] qr = span.divideAndRemainder(BigInteger.valueOf(Math.max(1, maxPoints - 1)));
    BigInteger bucket = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return Math.max(1, bucket.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact());
  }

  /**
   * The store's buckets, the last ones merged into their predecessor until at most {@code
   * maxPoints} remain (only {@code maxPoints = 1} can need it: one grid line may cut the span).
   */
  static List<SignalQueries.Bucket> atMost(List<SignalQueries.Bucket> buckets, int maxPoints) {
    if (buckets.size() <= maxPoints) {
      return buckets;
    }
    List<SignalQueries.Bucket> out = new ArrayList<>(buckets.subList(0, maxPoints));
    SignalQueries.Bucket last = out.removeLast();
    for (SignalQueries.Bucket b : buckets.subList(maxPoints, buckets.size())) {
      long n = last.count() + b.count();
      last =
          new SignalQueries.Bucket(
              last.startMicros(),
              Math.min(last.min(), b.min()),
              Math.max(last.max(), b.max()),
              n == 0 ? Double.NaN : (last.avg() * last.count() + b.avg() * b.count()) / n,
              n);
    }
    out.add(last);
    return out;
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }

  private static String iso(long micros) {
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return null;
    }
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .toString();
  }
}
