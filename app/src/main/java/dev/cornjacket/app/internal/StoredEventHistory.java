package dev.cornjacket.app.internal;

import dev.cornjacket.http.query.EventHistory;
import dev.cornjacket.sinks.EventPage;
import dev.cornjacket.sinks.StoreException;
import dev.cornjacket.sinks.StoredEvent;
import dev.cornjacket.sinks.StoredEvents;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The HTTP server's {@link EventHistory}, read from the events the Postgres sink stored. */
public final class StoredEventHistory implements EventHistory {

  private final StoredEvents stored;

  public StoredEventHistory(StoredEvents stored) {
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  @Override
  public Optional<dev.cornjacket.topology.Event> find(String eventId) {
    return read(() -> stored.find(eventId).map(StoredEvent::event));
  }

  @Override
  public Page page(String deviceId, Instant from, Instant to, int limit, String after) {
    EventPage page = read(() -> stored.list(deviceId, from, to, limit, after));
    return new Page(page.events().stream().map(StoredEvent::event).toList(), page.nextCursor());
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (StoreException e) {
      if (e.isTransient()) {
        throw new HistoryUnavailableException(e.getMessage(), e);
      }
      throw e;
    }
  }
}
