package dev.cornjacket.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.EventValidator;
import dev.cornjacket.topology.FieldError;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RejectReason;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Validates a batch of parsed items with the topology's own {@link EventValidator}, wraps the valid
 * ones in raw envelopes and publishes them. Returns once the broker holds every accepted event.
 */
public final class IngestService {

  private final EventValidator validator;
  private final RawEventPublisher publisher;
  private final Topic<String, RawEnvelope> rawTopic;
  private final Serializer<RawEnvelope> envelopeSerializer;
  private final Clock clock;
  private final Supplier<String> eventIds;

  public IngestService(
      EventValidator validator,
      RawEventPublisher publisher,
      Topic<String, RawEnvelope> rawTopic,
      Clock clock) {
    this(validator, publisher, rawTopic, clock, () -> UUID.randomUUID().toString());
  }

  IngestService(
      EventValidator validator,
      RawEventPublisher publisher,
      Topic<String, RawEnvelope> rawTopic,
      Clock clock,
      Supplier<String> eventIds) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.rawTopic = Objects.requireNonNull(rawTopic, "rawTopic");
    this.envelopeSerializer = rawTopic.valueSerde().serializer();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
  }

  /** Why one item of a batch was not accepted. */
  public record Rejection(int index, String reason, List<FieldError> errors) {}

  /** The outcome of a batch: ids of the accepted events in order, and the rejected items. */
  public record IngestResult(List<String> accepted, List<Rejection> rejected) {}

  IngestResult ingest(List<EventBatchParser.Item> items, String source, String principal) {
    Instant receivedAt = clock.instant();
    List<String> accepted = new ArrayList<>(items.size());
    List<Rejection> rejected = new ArrayList<>();
    List<RawEventPublisher.Outgoing> outgoing = new ArrayList<>(items.size());
    for (int index = 0; index < items.size(); index++) {
      EventBatchParser.Item item = items.get(index);
      if (item.parseError() != null) {
        rejected.add(
            new Rejection(
                index,
                RejectReason.INVALID_JSON.code(),
                List.of(new FieldError(FieldError.ROOT, item.parseError()))));
        continue;
      }
      // The id is assigned before validation so that the size limit counts it, as the topology
      // will.
      JsonNode node =
          item.node() instanceof ObjectNode object
              ? RawEnvelope.withEventId(object, eventIds)
              : item.node();
      switch (validator.validate(node)) {
        case ValidationResult.Invalid invalid ->
            rejected.add(new Rejection(index, invalid.reason().code(), invalid.errors()));
        case ValidationResult.Valid valid -> {
          ObjectNode event = (ObjectNode) node;
          RawEnvelope envelope = new RawEnvelope(event, receivedAt, source, principal);
          String deviceId = valid.event().deviceId();
          outgoing.add(
              new RawEventPublisher.Outgoing(
                  deviceId, envelopeSerializer.serialize(rawTopic.name(), envelope)));
          accepted.add(event.get(EventFields.EVENT_ID).asText());
        }
      }
    }
    if (!outgoing.isEmpty()) {
      publisher.publishAll(outgoing);
    }
    return new IngestResult(accepted, rejected);
  }
}
