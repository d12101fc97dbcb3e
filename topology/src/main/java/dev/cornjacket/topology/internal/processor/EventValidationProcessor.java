package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventValidator;
import dev.cornjacket.topology.FieldError;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.RawEnvelopeSerde.MalformedEnvelopeException;
import dev.cornjacket.topology.RejectReason;
import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.ValidationResult;
import dev.cornjacket.topology.internal.Texts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Step 1: validates every record of the raw topic.
 *
 * <ul>
 *   <li>Input: the raw topic read as bytes. Key: {@code device_id} (UTF-8 string, may be {@code
 *       null} on a bad record). Value: the raw envelope's bytes ({@link RawEnvelope}), read here
 *       rather than by a deserializer so that a bad envelope is dead-lettered with its origin.
 *   <li>Output to {@code validChild}: key {@code device_id}, value the validated {@link Event};
 *       timestamp and headers of the input record.
 *   <li>Output to {@code deadLetterChild}: key as received, value the original bytes, headers of
 *       {@link DeadLetters} with stage {@value DeadLetters#STAGE_VALIDATE}; timestamp of the input.
 *       Reasons: {@code invalid_json} and {@code invalid_envelope} (unreadable envelope or {@code
 *       null} value), the validator's {@link RejectReason#code()}, {@code device_mismatch} (record
 *       key is not the event's {@code device_id}).
 *   <li>Stores: none.
 * </ul>
 *
 * <p>{@code ts} is checked against the envelope's {@code received_at}, not the clock: an event is
 * judged by when it arrived, so that reprocessing or replaying old data (for example the 2014 NAB
 * files) gives the same verdict as live ingest. {@code cj.dlq.time} is the stream time's wall clock
 * ({@link ProcessorContext#currentSystemTimeMs()}), which tests can control.
 */
public final class EventValidationProcessor implements Processor<String, byte[], String, Object> {

  private static final int MAX_ECHOED_KEY_LENGTH = 128;

  private final EventValidator validator;
  private final TopologyMetrics metrics;
  private final String validChild;
  private final String deadLetterChild;
  private ProcessorContext<String, Object> context;

  public EventValidationProcessor(
      EventValidator validator,
      TopologyMetrics metrics,
      String validChild,
      String deadLetterChild) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.validChild = Objects.requireNonNull(validChild, "validChild");
    this.deadLetterChild = Objects.requireNonNull(deadLetterChild, "deadLetterChild");
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    byte[] bytes = record.value();
    if (bytes == null) {
      deadLetter(
          record,
          DeadLetters.INVALID_ENVELOPE,
          "value is null: the raw topic holds envelopes, never tombstones",
          DeadLetters.UNKNOWN_SOURCE);
      return;
    }
    if (acceptedQuickly(record, bytes)) {
      return;
    }
    RawEnvelope envelope;
    try {
      envelope = RawEnvelopeSerde.read(originTopic(), bytes);
    } catch (MalformedEnvelopeException e) {
      deadLetter(record, e.reasonCode(), e.getMessage(), DeadLetters.UNKNOWN_SOURCE);
      return;
    }
    ValidationResult result =
        validator.validate(
            envelope.event(), RawEnvelopeSerde.eventLength(bytes, envelope), envelope.receivedAt());
    switch (result) {
      case ValidationResult.Invalid invalid ->
          deadLetter(
              record, invalid.reason().code(), describe(invalid.errors()), envelope.source());
      case ValidationResult.Valid valid ->
          forwardIfKeyMatches(record, valid.event(), Event.Ingest.of(envelope));
    }
  }

  /**
   * The plain envelope of a plain event, the shape nearly every record has, read and validated
   * without JSON trees ({@link RawEnvelopeSerde#readPlain}, {@link
   * EventValidator#quickAccept(byte[], java.time.Instant)}): the same verdict and event as the full
   * path, which takes everything this does not accept and explains what is wrong.
   */
  private boolean acceptedQuickly(Record<String, byte[]> record, byte[] bytes) {
    RawEnvelopeSerde.PlainEnvelope plain = RawEnvelopeSerde.readPlain(bytes);
    if (plain == null || plain.eventLength() > validator.limits().maxEventBytes()) {
      return false;
    }
    Event event = validator.quickAccept(plain.eventJson(), plain.ingest().receivedAt());
    if (event == null || event.eventId() == null) {
      return false; // without an id the envelope is invalid, and the full path says so
    }
    forwardIfKeyMatches(record, event, plain.ingest());
    return true;
  }

  private void forwardIfKeyMatches(
      Record<String, byte[]> record, Event event, Event.Ingest ingest) {
    if (!event.deviceId().equals(record.key())) {
      deadLetter(
          record, RejectReason.DEVICE_MISMATCH.code(), mismatch(record.key()), ingest.source());
      return;
    }
    metrics.validated(event.type());
    context.forward(record.withValue(event.withIngest(ingest)), validChild);
  }

  private void deadLetter(
      Record<String, byte[]> record, String reason, String message, String source) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    var headers =
        DeadLetters.headers(
            reason,
            message,
            DeadLetters.STAGE_VALIDATE,
            source,
            origin == null ? null : origin.topic(),
            origin == null ? -1 : origin.partition(),
            origin == null ? -1 : origin.offset(),
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    metrics.deadLettered(DeadLetters.STAGE_VALIDATE, reason);
    context.forward(
        new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
        deadLetterChild);
  }

  private String originTopic() {
    return context.recordMetadata().map(RecordMetadata::topic).orElse("(unknown)");
  }

  private static String describe(List<FieldError> errors) {
    return errors.stream()
        .map(error -> error.field() + ": " + error.message())
        .collect(Collectors.joining("; "));
  }

  private static String mismatch(String key) {
    if (key == null) {
      return "record key is missing: it must be the event's device_id";
    }
    return "record key '"
        + Texts.printable(key, MAX_ECHOED_KEY_LENGTH)
        + "' does not match the event's device_id";
  }
}
