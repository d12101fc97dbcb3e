package dev.cornjacket.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.http.query.EventHistory;
import dev.cornjacket.http.query.QueryJson;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/events/{event_id}} and {@code GET /api/v1/devices/{id}/events}: history from
 * PostgreSQL, in the JSON of the event topics. Until the sinks role has attached its history (or on
 * an instance without that role) these answer 503 with {@code Retry-After}.
 */
public final class HistoryHandlers {

  private static final int DEFAULT_LIMIT = 100;
  private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  private final AtomicReference<EventHistory> history = new AtomicReference<>();
  private final Clock clock;

  public HistoryHandlers(Clock clock) {
    this.clock = clock;
  }

  public void attach(EventHistory eventHistory) {
    history.set(eventHistory);
  }

  public void event(Context ctx) {
    String eventId = ctx.pathParam("eventId");
    if (eventId.isEmpty() || eventId.length() > 128) {
      throw QueryParams.bad("event_id", "must have 1 to 128 characters");
    }
    Event event =
        read(() -> service().find(eventId))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "event_not_found",
                        "no stored event has id '"
                            + eventId
                            + "' (unknown, not stored yet, or past the retention)"));
    ctx.contentType("application/json").result(EventSerde.write(event));
  }

  public void deviceEvents(Context ctx) {
    String deviceId = QueryParams.deviceId(ctx);
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, EventHistory.MAX_LIMIT);
    Instant to = QueryParams.instant(ctx, "to").orElse(clock.instant());
    Instant from = QueryParams.instant(ctx, "from").orElse(to.minus(DEFAULT_RANGE));
    if (!from.isBefore(to)) {
      throw QueryParams.bad("from", "must be before 'to'");
    }
    String after = ctx.queryParam("after");
    EventHistory.Page page;
    try {
      page = read(() -> service().page(deviceId, from, to, limit, after));
    } catch (IllegalArgumentException e) {
      throw QueryParams.bad("after", "is not a cursor returned by this endpoint");
    }
    ObjectNode body = QueryJson.mapper().createObjectNode();
    body.put("device_id", deviceId);
    body.put("from", from.toString());
    body.put("to", to.toString());
    ArrayNode events = body.putArray("events");
    for (Event event : page.events()) {
      events.add(tree(event));
    }
    page.next().ifPresent(next -> body.put("next_after", next));
    ctx.contentType("application/json").result(QueryJson.write(body));
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(Event event) {
    try {
      return QueryJson.mapper().readTree(EventSerde.write(event));
    } catch (IOException e) {
      throw new UncheckedIOException("an event written by EventSerde is JSON", e);
    }
  }

  private EventHistory service() {
    EventHistory service = history.get();
    if (service == null) {
      throw new ApiException(
          503,
          "history_unavailable",
          "this instance does not serve stored events (the sinks role is starting or not"
              + " configured here)",
          List.of(),
          Map.of("Retry-After", "1"));
    }
    return service;
  }

  private static <T> T read(java.util.function.Supplier<T> query) {
    try {
      return query.get();
    } catch (EventHistory.HistoryUnavailableException e) {
      throw new ApiException(
          503,
          "database_unavailable",
          "stored events cannot be read now: " + e.getMessage(),
          List.of(),
          Map.of("Retry-After", "5"));
    }
  }
}
