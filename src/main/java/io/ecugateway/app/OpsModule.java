package io.ecugateway.app;

import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.HttpModule;
import io.ecugateway.server.Responses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations endpoints, outside the token check so probes and scrapers need no secret: {@code
 * /health} (the process serves), {@code /ready} (every readiness check passes, e.g. the store
 * answers) and {@code /metrics} (Prometheus text format).
 */
final class OpsModule implements HttpModule {
  private final PrometheusMeterRegistry prometheus;

  OpsModule(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
  }

  @Override
  public String name() {
    return "ops";
  }

  @Override
  public void mount(Router router, GatewayContext context) {
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
    router
        .get("/ready")
        .handler(
            ctx -> {
              List<Future<Map.Entry<String, Boolean>>> checks = new ArrayList<>();
              for (GatewayContext.ReadinessCheck check : context.readinessChecks()) {
                checks.add(
                    context
                        .blocking()
                        .submit(() -> Map.entry(check.name(), ready(check)))
                        .otherwise(t -> Map.entry(check.name(), false)));
              }
              Future.all(checks)
                  .onComplete(
                      all -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        boolean ok = true;
                        for (Future<Map.Entry<String, Boolean>> f : checks) {
                          Map.Entry<String, Boolean> e = f.result();
                          body.put(e.getKey(), e.getValue() ? "UP" : "DOWN");
                          ok &= e.getValue();
                        }
                        body.put("status", ok ? "UP" : "DOWN");
                        Responses.json(ctx, ok ? 200 : 503, body);
                      });
            });
    router
        .get("/metrics")
        .handler(
            ctx ->
                context
                    .blocking()
                    .submit(prometheus::scrape)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader(
                                    "Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));
  }

  /**
   * JVM and process metrics on {@code /metrics} (memory, GC, threads, classes, CPU, uptime, file
   * descriptors); the returned handle stops the GC listener.
   */
  static AutoCloseable bindJvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }

  private static boolean ready(GatewayContext.ReadinessCheck check) {
    try {
      return Boolean.TRUE.equals(check.check().call());
    } catch (Exception e) {
      return false;
    }
  }
}
