package dev.cornjacket.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.internal.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of {@link RawEnvelope}, in the wire format documented there.
 *
 * <p>Bytes that are not a well-formed envelope (not strict JSON in UTF-8, a field missing or of the
 * wrong type) make the deserializer throw a {@link MalformedEnvelopeException} (a {@link
 * SerializationException}) naming the topic and the problem, with the dead-letter reason code
 * ({@value #INVALID_JSON} or {@value #INVALID_ENVELOPE}). The topology reads the raw topic as bytes
 * and calls {@link #read(String, byte[])} itself, so that a bad envelope is dead-lettered with its
 * full context rather than by the deserialization handler. As Kafka recommends for serdes, {@code
 * null} bytes deserialize to {@code null} and a {@code null} envelope serializes to {@code null};
 * the raw topic never holds tombstones, so the topology must treat a {@code null} value as a dead
 * letter too.
 *
 * <p>Unknown envelope fields are ignored when reading, so an older reader accepts a newer writer.
 */
public final class RawEnvelopeSerde implements Serde<RawEnvelope> {

  /** Reason code of envelope bytes that are not strict JSON in UTF-8. */
  public static final String INVALID_JSON = "invalid_json";

  /** Reason code of JSON that is not an envelope: not an object, a field missing or bad. */
  public static final String INVALID_ENVELOPE = "invalid_envelope";

  private static final ObjectMapper MAPPER = EventJson.envelopeMapper();
  private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

  @Override
  public Serializer<RawEnvelope> serializer() {
    return (topic, envelope) -> envelope == null ? null : write(topic, envelope);
  }

  @Override
  public Deserializer<RawEnvelope> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  private static byte[] write(String topic, RawEnvelope envelope) {
    try {
      return encode(
          MAPPER.writeValueAsBytes(envelope.event()),
          envelope.receivedAt(),
          envelope.source(),
          envelope.principal());
    } catch (JsonProcessingException e) {
      throw new SerializationException(
          "Cannot write a raw envelope for topic " + topic + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The envelope around an event's JSON bytes, in exactly the format the serializer writes, without
   * parsing or re-writing the event: front ends put events on the raw topic as they received them.
   * {@code eventJson} must be one JSON object in UTF-8 that the {@link EventValidator} accepted (so
   * it has an {@code event_id}).
   */
  public static byte[] encode(
      byte[] eventJson, Instant receivedAt, String source, String principal) {
    return frame(receivedAt, source, principal).wrap(eventJson);
  }

  /**
   * The envelope's fixed parts for events received together: a batch shares its time, source and
   * principal, so they are formatted once and {@link Frame#wrap} only copies bytes.
   */
  public static Frame frame(Instant receivedAt, String source, String principal) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(principal, "principal");
    RawEnvelope.requireValidSource(source);
    byte[] head = ("{\"" + RawEnvelope.EVENT + "\":").getBytes(StandardCharsets.UTF_8);
    byte[] tail =
        (",\""
                + RawEnvelope.RECEIVED_AT
                + "\":\""
                + receivedAt
                + "\",\""
                + RawEnvelope.SOURCE
                + "\":\""
                + source
                + "\",\""
                + RawEnvelope.PRINCIPAL
                + "\":\""
                + new String(JSON_STRINGS.quoteAsString(principal))
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    return new Frame(head, tail);
  }

  /** The bytes {@link #encode} puts around an event's JSON, ready to wrap many events. */
  public static final class Frame {
    private final byte[] head;
    private final byte[] tail;

    private Frame(byte[] head, byte[] tail) {
      this.head = head;
      this.tail = tail;
    }

    /** The envelope around {@code eventJson}, with the same contract as {@link #encode}. */
    public byte[] wrap(byte[] eventJson) {
      Objects.requireNonNull(eventJson, "eventJson");
      byte[] envelope = new byte[head.length + eventJson.length + tail.length];
      System.arraycopy(head, 0, envelope, 0, head.length);
      System.arraycopy(eventJson, 0, envelope, head.length, eventJson.length);
      System.arraycopy(tail, 0, envelope, head.length + eventJson.length, tail.length);
      return envelope;
    }

    /** The bytes added around every event. */
    int overhead() {
      return head.length + tail.length;
    }
  }

  /**
   * The length in bytes of the event inside envelope bytes written by {@link #encode} (or the
   * serializer): the envelope's length minus what {@code encode} adds around the event. For an
   * envelope from another writer with extra whitespace this is an upper bound, which errs on the
   * side of rejecting as too large.
   */
  public static int eventLength(byte[] envelopeBytes, RawEnvelope envelope) {
    Objects.requireNonNull(envelopeBytes, "envelopeBytes");
    Objects.requireNonNull(envelope, "envelope");
    int overhead = frame(envelope.receivedAt(), envelope.source(), envelope.principal()).overhead();
    return Math.max(0, envelopeBytes.length - overhead);
  }

  /**
   * Reads envelope bytes of {@code topic} (used in messages only).
   *
   * @throws MalformedEnvelopeException when the bytes are not an envelope, with the reason code
   */
  public static RawEnvelope read(String topic, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    JsonNode json;
    try {
      json = EventJson.readTree(MAPPER, bytes);
    } catch (JsonProcessingException e) {
      throw new MalformedEnvelopeException(
          INVALID_JSON, malformed(topic, bytes, "not strict JSON: " + e.getOriginalMessage()), e);
    }
    if (!json.isObject()) {
      throw new MalformedEnvelopeException(
          INVALID_ENVELOPE, malformed(topic, bytes, "not a JSON object"), null);
    }
    JsonNode event = json.get(RawEnvelope.EVENT);
    if (!(event instanceof ObjectNode eventObject)) {
      throw new MalformedEnvelopeException(
          INVALID_ENVELOPE,
          malformed(topic, bytes, "field 'event' is missing or not an object"),
          null);
    }
    Instant receivedAt = readInstant(topic, bytes, json);
    String source = readString(topic, bytes, json, RawEnvelope.SOURCE);
    String principal = readString(topic, bytes, json, RawEnvelope.PRINCIPAL);
    try {
      return new RawEnvelope(eventObject, receivedAt, source, principal);
    } catch (IllegalArgumentException e) {
      throw new MalformedEnvelopeException(
          INVALID_ENVELOPE, malformed(topic, bytes, e.getMessage()), e);
    }
  }

  private static Instant readInstant(String topic, byte[] bytes, JsonNode json) {
    String text = readString(topic, bytes, json, RawEnvelope.RECEIVED_AT);
    try {
      return Rfc3339.parse(text);
    } catch (DateTimeException e) {
      throw new MalformedEnvelopeException(
          INVALID_ENVELOPE,
          malformed(topic, bytes, "field 'received_at' is not an RFC 3339 timestamp"),
          e);
    }
  }

  private static String readString(String topic, byte[] bytes, JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new MalformedEnvelopeException(
          INVALID_ENVELOPE,
          malformed(topic, bytes, "field '" + field + "' is missing or not a string"),
          null);
    }
    return node.textValue();
  }

  private static String malformed(String topic, byte[] bytes, String problem) {
    return "Malformed raw envelope in topic " + topic + " (" + bytes.length + " bytes): " + problem;
  }

  @Override
  public String toString() {
    return "RawEnvelopeSerde";
  }

  /** Bytes that are not a raw envelope, with the dead-letter reason code of the problem. */
  public static final class MalformedEnvelopeException extends SerializationException {

    private final String reasonCode;

    MalformedEnvelopeException(String reasonCode, String message, Throwable cause) {
      super(message, cause);
      this.reasonCode = reasonCode;
    }

    /** {@value RawEnvelopeSerde#INVALID_JSON} or {@value RawEnvelopeSerde#INVALID_ENVELOPE}. */
    public String reasonCode() {
      return reasonCode;
    }
  }
}
