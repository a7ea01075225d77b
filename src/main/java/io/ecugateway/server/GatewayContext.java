package io.ecugateway.server;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.catalog.DecodeConfig;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SignalQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every {@link HttpModule} shares: the configuration, Vert.x, the meter registry, the bounded
 * virtual-thread executor, token checks, and the services built at start (outputs, query store, DBC
 * decoders). One per running server.
 */
public final class GatewayContext {
  private final ConfigSections config;
  private final Vertx vertx;
  private final MeterRegistry meters;
  private final VirtualWorkers blocking;
  private final TokenAuth auth;
  private final SignalOutput outputs;
  private final SignalQueries queries;
  private final DbcCatalog dbcs;
  private final SignalIndex signals;
  private final List<ReadinessCheck> readiness = new CopyOnWriteArrayList<>();
  private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

  /** Built once by the server at start, after the outputs and the DBC catalog are open. */
  public GatewayContext(
      ConfigSections config,
      Vertx vertx,
      MeterRegistry meters,
      VirtualWorkers blocking,
      TokenAuth auth,
      SignalOutput outputs,
      SignalQueries queries,
      DbcCatalog dbcs,
      SignalIndex signals) {
    this.config = config;
    this.vertx = vertx;
    this.meters = meters;
    this.blocking = blocking;
    this.auth = auth;
    this.outputs = outputs;
    this.queries = queries;
    this.dbcs = dbcs;
    this.signals = signals;
  }

  /** Devices, message tables and signals stored so far (for listings and queries). */
  public SignalIndex signals() {
    return signals;
  }

  public ConfigSections config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public MeterRegistry meters() {
    return meters;
  }

  /** Bounded virtual threads for file, decode and database work. */
  public VirtualWorkers blocking() {
    return blocking;
  }

  public TokenAuth auth() {
    return auth;
  }

  /**
   * Every output of {@code storage.outputs} as one: a writer of it writes and commits each row in
   * all of them.
   */
  public SignalOutput outputs() {
    return outputs;
  }

  /** The store queries go to ({@code storage.sink}: embedded QuestDB or PostgreSQL). */
  public SignalQueries queries() {
    return queries;
  }

  /**
   * DBC files of {@code decode.dbcDir} and the decoders per device and bus (reloaded on change).
   */
  public DbcCatalog dbcs() {
    return dbcs;
  }

  /**
   * The configured window of storable frame times ({@code decode.minTimestamp}, {@code
   * decode.maxFutureSeconds}) for one path ({@code upload}, {@code live}); its rejections count in
   * {@code ecugw.frames.rejected.timestamp{path}}.
   */
  public TimestampWindow timestampWindow(String path) {
    Counter rejected =
        Counter.builder("ecugw.frames.rejected.timestamp")
            .description("Frames not stored: dated outside decode.minTimestamp .. now + maxFuture")
            .tag("path", path)
            .register(meters);
    DecodeConfig decode = config.section(DecodeConfig.class);
    return new TimestampWindow(
        decode.minTimestampNs(), decode.maxFutureSeconds() * 1_000_000_000L, rejected::increment);
  }

  /**
   * Shares a service the server built at start (the upload ingest...) with every module, by its
   * type: {@code server} does not know the feature packages. One instance per type: a second would,
   * for example, clear the first one's spool.
   *
   * @throws IllegalStateException a service of this type is already shared
   */
  public <T> void share(Class<T> type, T service) {
    if (services.putIfAbsent(type, service) != null) {
      throw new IllegalStateException("a " + type.getSimpleName() + " is already shared");
    }
  }

  /**
   * The service of {@code type} the server shared at start.
   *
   * @throws IllegalStateException the server built none
   */
  public <T> T service(Class<T> type) {
    return find(type)
        .orElseThrow(
            () -> new IllegalStateException("the server built no " + type.getSimpleName()));
  }

  /**
   * The service of {@code type} when the server shared one (optional features: the S3 endpoint).
   */
  public <T> java.util.Optional<T> find(Class<T> type) {
    return java.util.Optional.ofNullable(services.get(type)).map(type::cast);
  }

  /** Adds a check that {@code /ready} runs (on a virtual thread); all must pass. */
  public void addReadinessCheck(String name, Callable<Boolean> check) {
    readiness.add(new ReadinessCheck(name, check));
  }

  /** The checks added so far, for {@code /ready}. */
  public List<ReadinessCheck> readinessChecks() {
    return List.copyOf(readiness);
  }

  public record ReadinessCheck(String name, Callable<Boolean> check) {}
}
