package dev.cornjacket.http.query;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.Optional;

/**
 * How an instance calls another one's query API: with the shared internal secret (when set; the
 * caller's own token is forwarded always), and with the trace context of the request it serves.
 *
 * @param internalSecret sent in {@code X-Cornjacket-Internal}
 * @param openTelemetry the tracer and propagator of the proxy span
 */
public record PeerCalls(Optional<String> internalSecret, OpenTelemetry openTelemetry) {

  public PeerCalls {
    Objects.requireNonNull(internalSecret, "internalSecret");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /** No secret, no tracing. */
  public static PeerCalls plain() {
    return new PeerCalls(Optional.empty(), OpenTelemetry.noop());
  }
}
