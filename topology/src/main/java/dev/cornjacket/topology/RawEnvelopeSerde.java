package dev.cornjacket.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.internal.Rfc3339;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
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

  /** The envelope parser's factory; {@link #readPlain} tells repeated fields itself. */
  private static final JsonFactory PLAIN_PARSERS =
      MAPPER.getFactory().rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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

  /**
   * An event's bytes and its arrival, as {@link #readPlain} found them in an envelope.
   *
   * @param eventJson the bytes of the {@code event} object, exactly as in the envelope
   * @param eventLength the event's length as {@link #eventLength} counts it
   * @param ingest {@code received_at}, {@code source} and {@code principal}
   */
  public record PlainEnvelope(byte[] eventJson, int eventLength, Event.Ingest ingest) {}

  /**
   * The fast path of the topology: the envelope read with Jackson's streaming parser, the event
   * left as bytes for {@link EventValidator#quickAccept(byte[], Instant)}, when the envelope has
   * the plain shape the front ends write (printable ASCII, the four fields once each and nothing
   * else, a valid {@code received_at} and {@code source}); {@code null} for anything else, and
   * {@link #read} then decides and explains. Whatever it reads, {@link #read} reads the same way.
   */
  public static PlainEnvelope readPlain(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (!EventJson.isPlainAscii(bytes)) {
      return null;
    }
    try (JsonParser parser = PLAIN_PARSERS.createParser(bytes)) {
      return readPlain(parser, bytes);
    } catch (IOException | RuntimeException e) {
      return null; // malformed, or a bad time or source: the full reader says which
    }
  }

  private static PlainEnvelope readPlain(JsonParser parser, byte[] bytes) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    byte[] event = null;
    String receivedAt = null;
    String source = null;
    String principal = null;
    int seen = 0;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      int field = plainFieldBit(name);
      if (field == 0 || (seen & field) != 0) {
        return null; // another field, or one repeated
      }
      seen |= field;
      JsonToken value = parser.nextToken();
      if (field == EVENT_BIT) {
        if (value != JsonToken.START_OBJECT) {
          return null;
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        event = Arrays.copyOfRange(bytes, start, end);
      } else if (value != JsonToken.VALUE_STRING) {
        return null;
      } else if (field == RECEIVED_AT_BIT) {
        receivedAt = parser.getText();
      } else if (field == SOURCE_BIT) {
        source = parser.getText();
      } else {
        principal = parser.getText();
      }
    }
    if (parser.nextToken() != null
        || event == null
        || receivedAt == null
        || source == null
        || principal == null) {
      return null;
    }
    Instant time = Rfc3339.parse(receivedAt);
    Event.Ingest ingest = new Event.Ingest(time, source, principal);
    int eventLength = Math.max(0, bytes.length - frame(time, source, principal).overhead());
    return new PlainEnvelope(event, eventLength, ingest);
  }

  private static final int EVENT_BIT = 1;
  private static final int RECEIVED_AT_BIT = 2;
  private static final int SOURCE_BIT = 4;
  private static final int PRINCIPAL_BIT = 8;

  private static int plainFieldBit(String name) {
    return switch (name) {
      case RawEnvelope.EVENT -> EVENT_BIT;
      case RawEnvelope.RECEIVED_AT -> RECEIVED_AT_BIT;
      case RawEnvelope.SOURCE -> SOURCE_BIT;
      case RawEnvelope.PRINCIPAL -> PRINCIPAL_BIT;
      default -> 0;
    };
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
