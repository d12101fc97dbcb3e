package dev.cornjacket.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.RawEnvelope;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/v1/events}: reads the body within its limits, hands the items to the {@link
 * IngestService} and maps the outcome to a status: 202 when at least one event was accepted (and
 * acknowledged by the broker), 400 when none was valid. The caller's subject becomes the events'
 * principal; a device-scoped caller may only send events of its own device (403 for the whole
 * request otherwise, before anything is produced). Each request is an {@code ingest} span, child of
 * the client's {@code traceparent} when it sent one.
 */
public final class IngestHandler implements Handler {

  private final IngestService ingest;
  private final BoundedBodyReader bodyReader;
  private final EventBatchParser parser;
  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  public IngestHandler(IngestService ingest, long maxBodyBytes, int maxItems) {
    this(ingest, maxBodyBytes, maxItems, OpenTelemetry.noop());
  }

  public IngestHandler(
      IngestService ingest, long maxBodyBytes, int maxItems, OpenTelemetry openTelemetry) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.bodyReader = new BoundedBodyReader(maxBodyBytes);
    this.parser = new EventBatchParser(maxItems);
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer("dev.cornjacket.http");
  }

  @Override
  public void handle(Context ctx) {
    io.opentelemetry.context.Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(io.opentelemetry.context.Context.root(), ctx, REQUEST_HEADERS);
    Span span =
        tracer
            .spanBuilder("ingest")
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.route", ctx.path())
            .startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      handleInSpan(ctx, span);
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void handleInSpan(Context ctx, Span span) {
    Caller caller = Caller.of(ctx);
    BodyFormat format = BodyFormat.of(ctx.contentType());
    byte[] body = bodyReader.read(ctx.contentLength(), ctx.bodyInputStream());
    List<EventBatchParser.Item> items = parser.parse(body, format);
    caller.device().ifPresent(device -> refuseOtherDevices(device, items));
    IngestService.IngestResult result =
        ingest.ingest(items, RawEnvelope.SOURCE_HTTP, caller.subject());
    span.setAttribute("cornjacket.accepted", result.accepted().size());
    span.setAttribute("cornjacket.rejected", result.rejected().size());

    if (result.rejected().isEmpty()) {
      answer(ctx, 202, IngestAnswer.allAccepted(result.accepted()));
      return;
    }
    Map<String, Object> response = new LinkedHashMap<>();
    if (result.accepted().isEmpty()) {
      response.put("error", "no_valid_events");
      response.put(
          "message",
          items.size() == 1
              ? "the event is invalid"
              : "none of the " + items.size() + " events is valid");
      response.put("details", result.rejected());
    }
    response.put("accepted", result.accepted());
    response.put("rejected", result.rejected());
    answer(ctx, result.accepted().isEmpty() ? 400 : 202, IngestAnswer.json(response));
  }

  private static void answer(Context ctx, int status, byte[] json) {
    ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(json);
  }

  /** A device-scoped token writes its own device only: one other device id refuses the request. */
  private static void refuseOtherDevices(String device, List<EventBatchParser.Item> items) {
    for (int index = 0; index < items.size(); index++) {
      JsonNode node = items.get(index).node();
      JsonNode deviceId = node == null ? null : node.get(EventFields.DEVICE_ID);
      if (deviceId != null && deviceId.isTextual() && !deviceId.asText().equals(device)) {
        throw AuthFilter.insufficientScope(
            Scope.INGEST,
            "the token may only send events of its own device; item "
                + index
                + " names another device_id");
      }
    }
  }

  private static final TextMapGetter<Context> REQUEST_HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
          return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
          return ctx == null ? null : ctx.header(key);
        }
      };
}
