package dev.cornjacket.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.cornjacket.sinks.internal.FailureKind;
import dev.cornjacket.sinks.internal.JsonText;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads of stored events, for history beyond the state stores' retention: one event by id, and a
 * device's events in a time range, page by page (keyset paging on {@code (ts, event_id)}, served by
 * the index {@code events_device_ts}).
 */
public final class StoredEvents {

  /** The most events one page may hold. */
  public static final int MAX_LIMIT = 1000;

  private static final String COLUMNS =
      "event_id, device_id, type, ts, received_at, source, principal, metrics::text, attrs::text,"
          + " scores::text, stored_at";
  private static final TypeReference<LinkedHashMap<String, Double>> NUMBERS =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> TEXTS =
      new TypeReference<>() {};

  private final DataSource dataSource;

  public StoredEvents(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The stored event with this id; if a client reused the id for events at different times, the
   * latest of them.
   *
   * @throws StoreException when the database cannot be read
   */
  public Optional<StoredEvent> find(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    String sql = "SELECT " + COLUMNS + " FROM events WHERE event_id = ? ORDER BY ts DESC LIMIT 1";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, eventId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * One page of the events of {@code deviceId} with {@code from <= ts < to}, oldest first.
   *
   * @param limit events per page, 1 to {@value #MAX_LIMIT}
   * @param afterCursor {@code null} for the first page, else the {@link EventPage#nextCursor()} of
   *     the previous one
   * @throws IllegalArgumentException for a bad argument, naming it
   * @throws StoreException when the database cannot be read
   */
  public EventPage list(String deviceId, Instant from, Instant to, int limit, String afterCursor) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    Cursor after = afterCursor == null ? null : Cursor.decode(afterCursor);
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM events WHERE device_id = ? AND ts >= ? AND ts < ?"
            + (after == null ? "" : " AND (ts, event_id) > (?, ?)")
            + " ORDER BY ts, event_id LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int i = 1;
      select.setString(i++, deviceId);
      select.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      select.setObject(i++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      if (after != null) {
        select.setObject(i++, OffsetDateTime.ofInstant(after.ts(), ZoneOffset.UTC));
        select.setString(i++, after.eventId());
      }
      select.setInt(i, limit + 1);
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(read(rows));
        }
      }
      if (events.size() <= limit) {
        return new EventPage(events, Optional.empty());
      }
      List<StoredEvent> page = events.subList(0, limit);
      Event last = page.getLast().event();
      return new EventPage(page, Optional.of(new Cursor(last.ts(), last.eventId()).encode()));
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static StoredEvent read(ResultSet row) throws SQLException {
    Instant receivedAt = instant(row, "received_at");
    String source = row.getString("source");
    String principal = row.getString("principal");
    Event.Ingest ingest =
        receivedAt == null || source == null || principal == null
            ? null
            : new Event.Ingest(receivedAt, source, principal);
    String typeName = row.getString("type");
    EventType type =
        EventType.fromWireName(typeName)
            .orElseThrow(() -> new IllegalStateException("Unknown event type " + typeName));
    Event event =
        new Event(
            row.getString("event_id"),
            row.getString("device_id"),
            type,
            instant(row, "ts"),
            json(row.getString("metrics"), NUMBERS),
            json(row.getString("attrs"), TEXTS),
            json(row.getString("scores"), NUMBERS),
            ingest);
    return new StoredEvent(event, instant(row, "stored_at"));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static <V> Map<String, V> json(String text, TypeReference<LinkedHashMap<String, V>> type)
      throws SQLException {
    if (text == null) {
      return Map.of();
    }
    try {
      return JsonText.MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("A stored JSON column is not what the sink wrote: " + text, e);
    }
  }

  private static StoreException failure(SQLException e) {
    return new StoreException(
        "Reading table events failed: " + e.getMessage(),
        FailureKind.of(e) == FailureKind.TRANSIENT,
        e);
  }

  /** The position after an event: its time (to the microsecond, as stored) and id. */
  private record Cursor(Instant ts, String eventId) {

    String encode() {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, ts);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((micros + ":" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 1) {
          throw new IllegalArgumentException("no ':'");
        }
        long micros = Long.parseLong(text.substring(0, colon));
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), text.substring(colon + 1));
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        throw new IllegalArgumentException(
            "afterCursor is not a cursor returned by this listing", e);
      }
    }
  }
}
