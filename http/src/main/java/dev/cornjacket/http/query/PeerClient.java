package dev.cornjacket.http.query;

import dev.cornjacket.http.internal.AuthFilter;
import dev.cornjacket.http.internal.PeerCredentials;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the query API of another instance: one shared HTTP client, every call bounded by the query
 * timeout, the hop header telling the other side how to answer (see {@link StoreQueries.Hop}). The
 * call carries the caller's token and, when configured, the internal secret, so that the other
 * instance admits it in {@code jwt} mode; and the trace context, so that the hop is part of the
 * caller's trace. Also used by the operator API to ask the other instances about themselves.
 */
public final class PeerClient implements AutoCloseable {

  /** The header saying how a request reached an instance (a {@link StoreQueries.Hop} name). */
  public static final String HOP_HEADER = "X-Cornjacket-Hop";

  private static final TextMapSetter<HttpRequest.Builder> HEADERS = HttpRequest.Builder::header;

  private final HttpClient client;
  private final Duration timeout;
  private final PeerCalls calls;
  private final Tracer tracer;

  public PeerClient(Duration timeout, PeerCalls calls) {
    this.timeout = timeout;
    this.calls = calls;
    this.tracer = calls.openTelemetry().getTracer("dev.cornjacket.http");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** GET {@code pathAndQuery} on {@code hostPort}; completes exceptionally on network errors. */
  public CompletableFuture<HttpResponse<byte[]>> get(
      String hostPort, String pathAndQuery, StoreQueries.Hop hop) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
            .timeout(timeout)
            .header(HOP_HEADER, hop.name().toLowerCase(Locale.ROOT))
            .header("Accept", "application/json")
            .GET();
    PeerCredentials.current().ifPresent(a -> request.header("Authorization", a));
    calls.internalSecret().ifPresent(s -> request.header(AuthFilter.INTERNAL_HEADER, s));
    Span span =
        tracer
            .spanBuilder("query proxy")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("cornjacket.peer", hostPort)
            .setAttribute("cornjacket.hop", hop.name().toLowerCase(Locale.ROOT))
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      calls
          .openTelemetry()
          .getPropagators()
          .getTextMapPropagator()
          .inject(Context.current(), request, HEADERS);
      return client
          .sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
                } else {
                  span.setAttribute("http.response.status_code", response.statusCode());
                }
                span.end();
              });
    }
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void close() {
    client.close();
  }
}
