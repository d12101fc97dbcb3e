package dev.cornjacket.http.internal;

import dev.cornjacket.topology.RawEnvelope;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/v1/events}: reads the body within its limits, hands the items to the {@link
 * IngestService} and maps the outcome to a status: 202 when at least one event was accepted (and
 * acknowledged by the broker), 400 when none was valid.
 */
public final class IngestHandler implements Handler {

  private final IngestService ingest;
  private final BoundedBodyReader bodyReader;
  private final EventBatchParser parser;

  public IngestHandler(IngestService ingest, long maxBodyBytes, int maxItems) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.bodyReader = new BoundedBodyReader(maxBodyBytes);
    this.parser = new EventBatchParser(maxItems);
  }

  @Override
  public void handle(Context ctx) {
    BodyFormat format = BodyFormat.of(ctx.contentType());
    byte[] body = bodyReader.read(ctx.contentLength(), ctx.bodyInputStream());
    List<EventBatchParser.Item> items = parser.parse(body, format);
    IngestService.IngestResult result =
        ingest.ingest(items, RawEnvelope.SOURCE_HTTP, RawEnvelope.ANONYMOUS);

    Map<String, Object> response = new LinkedHashMap<>();
    if (result.accepted().isEmpty()) {
      response.put("error", "no_valid_events");
      response.put(
          "message",
          items.size() == 1
              ? "the event is invalid"
              : "none of the " + items.size() + " events is valid");
      response.put("details", result.rejected());
      ctx.status(400);
    } else {
      ctx.status(202);
    }
    response.put("accepted", result.accepted());
    response.put("rejected", result.rejected());
    ctx.json(response);
  }
}
