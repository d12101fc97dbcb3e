package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.EventRow;
import dev.cornjacket.topology.Event;
import java.util.Map;

/** {@code events}: append-only; a row already there (same event id and time) is left alone. */
public final class EventsTable extends SinkTable<EventRow> {

  private static final String COLUMNS =
      "event_id, device_id, type, ts, received_at, source, principal, metrics, attrs, scores,"
          + " max_score";

  public EventsTable() {
    super("events", EventRow.class, COLUMNS);
  }

  @Override
  protected void encode(EventRow row, CopyText out) {
    Event event = row.event();
    Event.Ingest ingest = event.ingest();
    out.text(event.eventId())
        .text(event.deviceId())
        .text(event.type().wireName())
        .timestamp(event.ts())
        .timestamp(ingest == null ? null : ingest.receivedAt())
        .text(ingest == null ? null : ingest.source())
        .text(ingest == null ? null : ingest.principal())
        .text(JsonText.write(event.metrics()))
        .text(JsonText.write(event.attrs()))
        .text(event.scores().isEmpty() ? null : JsonText.write(event.scores()))
        .number(maxScore(event.scores()));
  }

  @Override
  public boolean appendOnly() {
    return true;
  }

  @Override
  protected String mergeSql() {
    return "INSERT INTO events ("
        + columns()
        + ") SELECT "
        + columns()
        + " FROM "
        + stagingTable()
        + " ON CONFLICT DO NOTHING";
  }

  private static Double maxScore(Map<String, Double> scores) {
    Double max = null;
    for (double score : scores.values()) {
      if (max == null || score > max) {
        max = score;
      }
    }
    return max;
  }
}
