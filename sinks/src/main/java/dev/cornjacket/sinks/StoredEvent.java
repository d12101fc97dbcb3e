package dev.cornjacket.sinks;

import dev.cornjacket.topology.Event;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as stored in {@code events}.
 *
 * @param event the event, with its scores and ingest information when it had them (write it with
 *     {@code EventSerde.write} for the topics' JSON)
 * @param storedAt when the sink wrote it
 */
public record StoredEvent(Event event, Instant storedAt) {

  public StoredEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(storedAt, "storedAt");
  }
}
