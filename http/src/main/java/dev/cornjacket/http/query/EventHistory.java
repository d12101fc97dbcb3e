package dev.cornjacket.http.query;

import dev.cornjacket.topology.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Events older than the state stores keep, read from where the sinks store them (PostgreSQL). The
 * HTTP server serves {@code GET /api/v1/events/{event_id}} and {@code GET
 * /api/v1/devices/{id}/events} from it; the application plugs in the implementation.
 */
public interface EventHistory {

  /** The most events one page may hold. */
  int MAX_LIMIT = 1000;

  /**
   * The stored event with this id.
   *
   * @throws HistoryUnavailableException when the store cannot be read now
   */
  Optional<Event> find(String eventId);

  /**
   * One page of a device's events with {@code from <= ts < to}, oldest first.
   *
   * @param after {@code null} for the first page, else the previous page's {@link Page#next()}
   * @throws IllegalArgumentException for a cursor that is not one
   * @throws HistoryUnavailableException when the store cannot be read now
   */
  Page page(String deviceId, Instant from, Instant to, int limit, String after);

  /** A page of events and the cursor of the next one (empty on the last page). */
  record Page(List<Event> events, Optional<String> next) {
    public Page {
      events = List.copyOf(events);
    }
  }

  /** The store behind the history cannot be read now (database down or restarting). */
  final class HistoryUnavailableException extends RuntimeException {
    public HistoryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
