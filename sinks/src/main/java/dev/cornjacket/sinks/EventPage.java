package dev.cornjacket.sinks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a device's stored events, oldest first.
 *
 * @param events the events of this page
 * @param nextCursor pass it as {@code afterCursor} for the next page; empty on the last page
 */
public record EventPage(List<StoredEvent> events, Optional<String> nextCursor) {

  public EventPage {
    events = List.copyOf(events);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
