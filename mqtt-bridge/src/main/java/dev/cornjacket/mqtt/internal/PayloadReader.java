package dev.cornjacket.mqtt.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.EventJson;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads one MQTT message published to {@code cj/devices/{device_id}/events} into what goes to
 * Kafka: the events it holds, or dead letters for what cannot be forwarded.
 *
 * <p>The check is light on purpose; the topology validates every event in full. Here a payload must
 * be at most the configured size, strict JSON, and one event object or an array of event objects;
 * each event's {@code device_id} must be the topic's (an event without one gets the topic's).
 *
 * <p>An event without {@code event_id} gets one derived from the message: a name-based UUID of its
 * topic, its position in the payload and the payload's bytes. The broker delivers a message again
 * after a reconnect or a restart of the bridge, and the copy must carry the same id for the
 * topology to drop it; a random id would make every redelivery a new event. (The same bytes
 * published twice to the same topic are therefore one event, which is what they describe.)
 *
 * <p>Events keep their bytes as received where the payload holds just one; events of an array are
 * written out compactly.
 */
public final class PayloadReader {

  /** What one part of a message becomes. */
  public sealed interface Part {}

  /**
   * An event for the raw topic.
   *
   * @param deviceId the record key
   * @param json the event, with an {@code event_id}
   */
  public record Event(String deviceId, byte[] json) implements Part {}

  /**
   * A dead letter.
   *
   * @param deviceId the record key, the topic's device; {@code null} when the topic has none
   * @param value what was rejected: the payload, or the item of an array
   * @param reason the machine-readable reason, a {@link RejectReason#code()}
   * @param message what was wrong, for people
   */
  public record Rejected(String deviceId, byte[] value, String reason, String message)
      implements Part {
    Rejected(String deviceId, byte[] value, RejectReason reason, String message) {
      this(deviceId, value, reason.code(), message);
    }
  }

  private final long maxPayloadBytes;

  /**
   * @param maxPayloadBytes a larger payload is dead-lettered as {@code too_large}, with only its
   *     first {@code maxPayloadBytes} bytes kept
   */
  public PayloadReader(long maxPayloadBytes) {
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The id of an event without one: the same for every delivery of the same message. */
  static String derivedEventId(String mqttTopic, int index, byte[] payload) {
    byte[] name = (mqttTopic + "\n" + index + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] whole = Arrays.copyOf(name, name.length + payload.length);
    System.arraycopy(payload, 0, whole, name.length, payload.length);
    return UUID.nameUUIDFromBytes(whole).toString();
  }

  /** The parts of a message, at least one. */
  public List<Part> read(String mqttTopic, byte[] payload) {
    Objects.requireNonNull(mqttTopic, "mqttTopic");
    Objects.requireNonNull(payload, "payload");
    String topicDevice = DeviceTopics.deviceId(mqttTopic);
    if (payload.length > maxPayloadBytes) {
      return List.of(
          new Rejected(
              topicDevice,
              Arrays.copyOf(payload, (int) maxPayloadBytes),
              RejectReason.TOO_LARGE,
              "the payload of "
                  + payload.length
                  + " bytes on "
                  + mqttTopic
                  + " is over the limit of "
                  + maxPayloadBytes
                  + " bytes; the dead letter keeps its first "
                  + maxPayloadBytes
                  + " bytes"));
    }
    JsonNode root;
    try {
      root = EventJson.readTree(payload);
    } catch (JsonProcessingException e) {
      return List.of(
          new Rejected(
              topicDevice,
              payload,
              RejectReason.INVALID_JSON,
              "the payload on " + mqttTopic + " is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root instanceof ObjectNode event) {
      return List.of(readEvent(event, trimmed(payload), payload, mqttTopic, topicDevice, -1));
    }
    if (!root.isArray()) {
      return List.of(
          new Rejected(
              topicDevice,
              payload,
              RejectReason.BAD_TYPE,
              "the payload on "
                  + mqttTopic
                  + " must be an event object or an array of events, not "
                  + root.getNodeType()));
    }
    if (root.isEmpty()) {
      return List.of(
          new Rejected(
              topicDevice,
              payload,
              RejectReason.BAD_VALUE,
              "the array published to " + mqttTopic + " holds no events"));
    }
    List<Part> parts = new ArrayList<>(root.size());
    for (int index = 0; index < root.size(); index++) {
      JsonNode item = root.get(index);
      if (item instanceof ObjectNode event) {
        parts.add(readEvent(event, null, payload, mqttTopic, topicDevice, index));
      } else {
        parts.add(
            new Rejected(
                topicDevice,
                write(item),
                RejectReason.BAD_TYPE,
                "item "
                    + index
                    + " of the array published to "
                    + mqttTopic
                    + " must be an event object, not "
                    + item.getNodeType()));
      }
    }
    return parts;
  }

  /**
   * One event: {@code json} are its bytes as received, or {@code null} when it must be written out
   * ({@code index} is its position in an array, -1 for a payload that is one event).
   */
  private Part readEvent(
      ObjectNode event,
      byte[] json,
      byte[] payload,
      String mqttTopic,
      String topicDevice,
      int index) {
    JsonNode deviceId = event.get(EventFields.DEVICE_ID);
    String key = topicDevice;
    if (deviceId == null || deviceId.isNull()) {
      if (topicDevice != null) {
        event.put(EventFields.DEVICE_ID, topicDevice);
        json = null;
      }
    } else if (deviceId.isTextual()) {
      if (!deviceId.textValue().equals(topicDevice)) {
        return new Rejected(
            topicDevice,
            json != null ? json : write(event),
            RejectReason.DEVICE_MISMATCH,
            "device_id '"
                + deviceId.textValue()
                + "' of "
                + (index < 0 ? "the event" : "item " + index)
                + " does not match the topic "
                + mqttTopic);
      }
      key = deviceId.textValue();
    }
    // A device_id of another JSON type goes on: the topology dead-letters it with the precise
    // reason, as it does for every other field.
    if (!RawEnvelope.hasEventId(event)) {
      String eventId = derivedEventId(mqttTopic, index, payload);
      if (!event.has(EventFields.EVENT_ID) && json != null) {
        json = RawEnvelope.insertEventId(json, eventId);
      } else {
        event = RawEnvelope.withEventId(event, () -> eventId);
        json = null;
      }
    }
    return new Event(key, json != null ? json : write(event));
  }

  private static byte[] write(JsonNode node) {
    try {
      return EventJson.mapper().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // a tree that was just parsed within the mapper's own limits can always be written back
      throw new IllegalStateException("Could not write a parsed JSON value back", e);
    }
  }

  /** The payload without surrounding whitespace or a byte order mark, as the raw topic keeps it. */
  private static byte[] trimmed(byte[] payload) {
    int start = 0;
    if (payload.length >= 3
        && payload[0] == (byte) 0xEF
        && payload[1] == (byte) 0xBB
        && payload[2] == (byte) 0xBF) {
      start = 3;
    }
    while (start < payload.length && isWhitespace(payload[start])) {
      start++;
    }
    int end = payload.length;
    while (end > start && isWhitespace(payload[end - 1])) {
      end--;
    }
    return start == 0 && end == payload.length ? payload : Arrays.copyOfRange(payload, start, end);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
