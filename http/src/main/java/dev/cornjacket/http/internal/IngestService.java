package dev.cornjacket.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.EventJson;
import dev.cornjacket.topology.EventValidator;
import dev.cornjacket.topology.FieldError;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.RejectReason;
import dev.cornjacket.topology.ValidationResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Validates a batch of parsed items with the topology's own {@link EventValidator}, wraps the valid
 * ones in raw envelopes and publishes them. Returns once the broker holds every accepted event.
 */
public final class IngestService {

  private final EventValidator validator;
  private final RawEventPublisher publisher;
  private final Clock clock;
  private final Supplier<String> eventIds;

  public IngestService(EventValidator validator, RawEventPublisher publisher, Clock clock) {
    this(validator, publisher, clock, RawEnvelope::newEventId);
  }

  IngestService(
      EventValidator validator,
      RawEventPublisher publisher,
      Clock clock,
      Supplier<String> eventIds) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
  }

  /** Why one item of a batch was not accepted. */
  public record Rejection(int index, String reason, List<FieldError> errors) {}

  /** The outcome of a batch: ids of the accepted events in order, and the rejected items. */
  public record IngestResult(List<String> accepted, List<Rejection> rejected) {}

  IngestResult ingest(List<EventBatchParser.Item> items, String source, String principal) {
    RawEnvelopeSerde.Frame envelope = RawEnvelopeSerde.frame(clock.instant(), source, principal);
    List<String> accepted = new ArrayList<>(items.size());
    List<Rejection> rejected = new ArrayList<>();
    List<RawEventPublisher.Outgoing> outgoing = new ArrayList<>(items.size());
    for (int index = 0; index < items.size(); index++) {
      EventBatchParser.Item item = items.get(index);
      QuickAccept quick = quickly(item);
      if (quick != null) {
        outgoing.add(new RawEventPublisher.Outgoing(quick.deviceId(), envelope.wrap(quick.json())));
        accepted.add(quick.eventId());
        continue;
      }
      if (item.parseError() != null) {
        rejected.add(invalidJson(index, item.parseError()));
        continue;
      }
      byte[] json;
      try {
        json = jsonWithEventId(item);
      } catch (JsonProcessingException e) {
        rejected.add(invalidJson(index, "cannot be written as JSON: " + e.getOriginalMessage()));
        continue;
      }
      switch (validator.validate(item.node(), json.length)) {
        case ValidationResult.Invalid invalid ->
            rejected.add(new Rejection(index, invalid.reason().code(), invalid.errors()));
        case ValidationResult.Valid valid -> {
          String deviceId = valid.event().deviceId();
          outgoing.add(new RawEventPublisher.Outgoing(deviceId, envelope.wrap(json)));
          accepted.add(valid.event().eventId());
        }
      }
    }
    if (!outgoing.isEmpty()) {
      publisher.publishAll(outgoing);
    }
    return new IngestResult(accepted, rejected);
  }

  /** An event accepted from its bytes, with the bytes as they go on the raw topic. */
  private record QuickAccept(String eventId, String deviceId, byte[] json) {}

  /**
   * The event accepted without parsing it into a tree, or {@code null} when the quick check cannot
   * tell and the item takes the full path. As there, a missing {@code event_id} is inserted into
   * the bytes as received, and the size limit counts it.
   */
  private QuickAccept quickly(EventBatchParser.Item item) {
    byte[] json = item.json();
    if (json == null) {
      return null;
    }
    EventValidator.AcceptedIds event = validator.quickAcceptIds(json);
    if (event == null) {
      return null;
    }
    if (event.eventId() != null) {
      return new QuickAccept(event.eventId(), event.deviceId(), json);
    }
    String eventId = eventIds.get();
    byte[] withId = RawEnvelope.insertEventId(json, eventId);
    return withId.length > validator.limits().maxEventBytes()
        ? null
        : new QuickAccept(eventId, event.deviceId(), withId);
  }

  /**
   * The event's bytes as they go on the raw topic: as received where the body kept them, with an
   * {@code event_id} inserted when the client sent none. The id is in place before validation so
   * that the size limit counts it, as the topology will.
   */
  private byte[] jsonWithEventId(EventBatchParser.Item item) throws JsonProcessingException {
    byte[] json =
        item.json() != null ? item.json() : EventJson.mapper().writeValueAsBytes(item.node());
    if (item.node() instanceof ObjectNode event && !RawEnvelope.hasEventId(event)) {
      // "event_id": null counts as absent; splicing a second event_id next to it would make the
      // bytes a JSON object with a duplicate key, so such an event is written from its tree.
      boolean explicitNull = event.has(EventFields.EVENT_ID);
      String eventId = eventIds.get();
      event.put(
          EventFields.EVENT_ID, eventId); // the parsed node is ours: the validator sees the id
      return explicitNull
          ? EventJson.mapper().writeValueAsBytes(event)
          : RawEnvelope.insertEventId(json, eventId);
    }
    return json;
  }

  private static Rejection invalidJson(int index, String message) {
    return new Rejection(
        index, RejectReason.INVALID_JSON.code(), List.of(new FieldError(FieldError.ROOT, message)));
  }
}
