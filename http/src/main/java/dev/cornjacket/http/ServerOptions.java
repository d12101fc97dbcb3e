package dev.cornjacket.http;

import dev.cornjacket.config.AuthSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server is secured and observed.
 *
 * @param auth who may call what ({@code none} opens everything)
 * @param meters where the server's own meters (requests, latency, the ingest producer) go
 * @param prometheus the registry {@code GET /metrics} scrapes; empty: no {@code /metrics}
 * @param openTelemetry spans for ingest, produce and query proxying, and the trace context carried
 *     in record headers and peer calls
 */
public record ServerOptions(
    AuthSettings auth,
    MeterRegistry meters,
    Optional<PrometheusMeterRegistry> prometheus,
    OpenTelemetry openTelemetry) {

  public ServerOptions {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /** No authentication, meters kept in memory only, no tracing. */
  public static ServerOptions defaults() {
    return new ServerOptions(
        AuthSettings.none(), new SimpleMeterRegistry(), Optional.empty(), OpenTelemetry.noop());
  }

  /** Served on {@code /metrics} from this Prometheus registry (its meters too). */
  public static ServerOptions of(
      AuthSettings auth, PrometheusMeterRegistry prometheus, OpenTelemetry openTelemetry) {
    return new ServerOptions(auth, prometheus, Optional.of(prometheus), openTelemetry);
  }
}
