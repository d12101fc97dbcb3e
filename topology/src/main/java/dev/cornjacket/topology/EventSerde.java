package dev.cornjacket.topology;

import static dev.cornjacket.topology.EventFields.ATTRS;
import static dev.cornjacket.topology.EventFields.DEVICE_ID;
import static dev.cornjacket.topology.EventFields.EVENT_ID;
import static dev.cornjacket.topology.EventFields.METRICS;
import static dev.cornjacket.topology.EventFields.PRINCIPAL;
import static dev.cornjacket.topology.EventFields.RECEIVED_AT;
import static dev.cornjacket.topology.EventFields.SCORES;
import static dev.cornjacket.topology.EventFields.SOURCE;
import static dev.cornjacket.topology.EventFields.TS;
import static dev.cornjacket.topology.EventFields.TYPE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of a validated {@link Event}: the value of the per-type topics ({@link
 * Topics#sensor()}, {@link Topics#userAction()}, {@link Topics#system()}).
 *
 * <p>Wire format: compact JSON in UTF-8, fields in this order, {@code event_id} left out when the
 * event has none, {@code ts} always as an RFC 3339 string in UTC, {@code metrics} and {@code attrs}
 * always present (possibly empty) in the order the device sent them; then the platform's fields:
 * {@code scores} (anomaly score per metric) only when the event was scored, and {@code
 * received_at}, {@code source}, {@code principal} only when the event has {@link Event.Ingest}
 * information:
 *
 * <pre>{@code
 * {"event_id":"e-1","device_id":"dev-1","type":"sensor","ts":"2026-11-22T10:00:00Z","metrics":{"temperature":21.5},"attrs":{},
 *  "scores":{"temperature":0.12},"received_at":"2026-11-22T10:00:00.120Z","source":"http","principal":"anonymous"}
 * }</pre>
 *
 * <p>Reading checks the shape (types of the fields) but not the contract's limits, which the
 * validator already enforced before the event was written; unknown fields are ignored so that an
 * older reader accepts a newer writer. Malformed bytes throw a {@link SerializationException}
 * naming the topic. {@code null} maps to {@code null} both ways.
 */
public final class EventSerde implements Serde<Event> {

  private static final JsonFactory FACTORY = EventJson.eventMapper().getFactory();

  @Override
  public Serializer<Event> serializer() {
    return (topic, event) -> event == null ? null : write(event);
  }

  @Override
  public Deserializer<Event> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  /** The wire format of {@code event}. */
  public static byte[] write(Event event) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      if (event.eventId() != null) {
        json.writeStringField(EVENT_ID, event.eventId());
      }
      json.writeStringField(DEVICE_ID, event.deviceId());
      json.writeStringField(TYPE, event.type().wireName());
      json.writeStringField(TS, event.ts().toString());
      json.writeObjectFieldStart(METRICS);
      for (Map.Entry<String, Double> metric : event.metrics().entrySet()) {
        json.writeNumberField(metric.getKey(), metric.getValue());
      }
      json.writeEndObject();
      json.writeObjectFieldStart(ATTRS);
      for (Map.Entry<String, String> attr : event.attrs().entrySet()) {
        json.writeStringField(attr.getKey(), attr.getValue());
      }
      json.writeEndObject();
      if (!event.scores().isEmpty()) {
        json.writeObjectFieldStart(SCORES);
        for (Map.Entry<String, Double> score : event.scores().entrySet()) {
          json.writeNumberField(score.getKey(), score.getValue());
        }
        json.writeEndObject();
      }
      Event.Ingest ingest = event.ingest();
      if (ingest != null) {
        json.writeStringField(RECEIVED_AT, ingest.receivedAt().toString());
        json.writeStringField(SOURCE, ingest.source());
        json.writeStringField(PRINCIPAL, ingest.principal());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array does not do I/O, yet it failed", e);
    }
    return bytes.toByteArray();
  }

  private static Event read(String topic, byte[] bytes) {
    JsonNode json;
    try {
      json = EventJson.readTree(EventJson.eventMapper(), bytes);
    } catch (JsonProcessingException e) {
      throw malformed(topic, bytes, "not strict JSON: " + e.getOriginalMessage(), e);
    }
    if (!json.isObject()) {
      throw malformed(topic, bytes, "not a JSON object", null);
    }
    JsonNode eventId = json.get(EVENT_ID);
    if (eventId != null && !eventId.isNull() && !eventId.isTextual()) {
      throw malformed(topic, bytes, "field 'event_id' is not a string", null);
    }
    String deviceId = requiredText(topic, bytes, json, DEVICE_ID);
    String typeName = requiredText(topic, bytes, json, TYPE);
    EventType type =
        EventType.fromWireName(typeName)
            .orElseThrow(() -> malformed(topic, bytes, "field 'type' is not an event type", null));
    Instant ts;
    try {
      ts = Instant.parse(requiredText(topic, bytes, json, TS));
    } catch (DateTimeException e) {
      throw malformed(topic, bytes, "field 'ts' is not an RFC 3339 timestamp", e);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> metric : object(topic, bytes, json, METRICS).properties()) {
      if (!metric.getValue().isNumber()) {
        throw malformed(topic, bytes, "a value of 'metrics' is not a number", null);
      }
      metrics.put(metric.getKey(), metric.getValue().doubleValue());
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> attr : object(topic, bytes, json, ATTRS).properties()) {
      if (!attr.getValue().isTextual()) {
        throw malformed(topic, bytes, "a value of 'attrs' is not a string", null);
      }
      attrs.put(attr.getKey(), attr.getValue().textValue());
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> score : object(topic, bytes, json, SCORES).properties()) {
      if (!score.getValue().isNumber()) {
        throw malformed(topic, bytes, "a value of 'scores' is not a number", null);
      }
      scores.put(score.getKey(), score.getValue().doubleValue());
    }
    return new Event(
        eventId == null || eventId.isNull() ? null : eventId.textValue(),
        deviceId,
        type,
        ts,
        metrics,
        attrs,
        scores,
        readIngest(topic, bytes, json));
  }

  /** The ingest fields, all three or none (events written before they existed have none). */
  private static Event.Ingest readIngest(String topic, byte[] bytes, JsonNode json) {
    if (json.get(RECEIVED_AT) == null) {
      return null;
    }
    try {
      return new Event.Ingest(
          Instant.parse(requiredText(topic, bytes, json, RECEIVED_AT)),
          requiredText(topic, bytes, json, SOURCE),
          requiredText(topic, bytes, json, PRINCIPAL));
    } catch (DateTimeException e) {
      throw malformed(topic, bytes, "field 'received_at' is not an RFC 3339 timestamp", e);
    }
  }

  private static String requiredText(String topic, byte[] bytes, JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw malformed(topic, bytes, "field '" + field + "' is missing or not a string", null);
    }
    return node.textValue();
  }

  /** The field as an object; an absent or {@code null} field is an empty object. */
  private static JsonNode object(String topic, byte[] bytes, JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return EventJson.eventMapper().createObjectNode();
    }
    if (!node.isObject()) {
      throw malformed(topic, bytes, "field '" + field + "' is not an object", null);
    }
    return node;
  }

  private static SerializationException malformed(
      String topic, byte[] bytes, String problem, Throwable cause) {
    return new SerializationException(
        "Malformed event in topic " + topic + " (" + bytes.length + " bytes): " + problem, cause);
  }

  @Override
  public String toString() {
    return "EventSerde";
  }
}
