package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.EventRow;

/**
 * {@code events}: append-only; a row already there (same event id and time) is left alone. Rows
 * arrive encoded by {@link EventTranscoder}, in the order of {@code COLUMNS}.
 */
public final class EventsTable extends SinkTable<EventRow> {

  private static final String COLUMNS =
      "event_id, device_id, type, ts, received_at, source, principal, metrics, attrs, scores,"
          + " max_score";

  public EventsTable() {
    super("events", EventRow.class, COLUMNS);
  }

  @Override
  protected void encode(EventRow row, CopyText out) {
    out.fields(row.copyFields());
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
}
