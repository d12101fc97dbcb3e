package dev.cornjacket.http.internal;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.server.requests{method,route,status}}: a timer per route template (not per path, so
 * that device ids do not multiply the series), fed when a request completes.
 */
public final class HttpMetrics implements RequestLogger {

  private static final String UNMATCHED = "UNMATCHED";

  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(Context ctx, Float executionMillis) {
    Timer.builder("http.server.requests")
        .description("HTTP requests by method, route template and status")
        .tag("method", ctx.method().name())
        .tag("route", route(ctx))
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram(false)
        .register(registry)
        .record((long) (executionMillis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private static String route(Context ctx) {
    if (ctx.statusCode() == 404) {
      return UNMATCHED;
    }
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }
}
