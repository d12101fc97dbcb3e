package dev.cornjacket.topology;

import static dev.cornjacket.topology.TestEvents.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawEnvelopeSerdeTest {

  private static final String TOPIC = "cj.events.raw";
  private static final Instant RECEIVED_AT = Instant.parse("2026-11-22T10:00:00.123Z");

  private final Serializer<RawEnvelope> serializer = new RawEnvelopeSerde().serializer();
  private final Deserializer<RawEnvelope> deserializer = new RawEnvelopeSerde().deserializer();

  private static RawEnvelope envelope() {
    ObjectNode event =
        json(
            """
            {"event_id": "e-1", "device_id": "dev-1", "type": "sensor", "ts": 1795341600000,
             "metrics": {"t": 21.5, "n": 3}, "unknown": {"kept": [true, null, "é"]}}
            """);
    return new RawEnvelope(event, RECEIVED_AT, RawEnvelope.SOURCE_HTTP, "gateway-7");
  }

  @Test
  void shouldWriteTheDocumentedJsonShape() {
    String written = new String(serializer.serialize(TOPIC, envelope()), UTF_8);

    assertThat(written)
        .isEqualTo(
            "{\"event\":{\"event_id\":\"e-1\",\"device_id\":\"dev-1\",\"type\":\"sensor\","
                + "\"ts\":1795341600000,\"metrics\":{\"t\":21.5,\"n\":3},"
                + "\"unknown\":{\"kept\":[true,null,\"é\"]}},"
                + "\"received_at\":\"2026-11-22T10:00:00.123Z\",\"source\":\"http\","
                + "\"principal\":\"gateway-7\"}");
  }

  @Test
  void shouldWriteWholeSecondsWithoutFraction() {
    RawEnvelope envelope =
        new RawEnvelope(
            json("{\"event_id\": \"e\"}"), Instant.parse("2026-11-22T10:00:00Z"), "mqtt", "gw");

    assertThat(new String(serializer.serialize(TOPIC, envelope), UTF_8))
        .contains("\"received_at\":\"2026-11-22T10:00:00Z\"");
  }

  @Test
  void shouldRoundTripEnvelope() {
    RawEnvelope original = envelope();

    assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, original)))
        .isEqualTo(original);
  }

  @Test
  void shouldRoundTripThroughHeaderAwareMethods() {
    RawEnvelope original = envelope();
    RecordHeaders headers = new RecordHeaders();

    byte[] bytes = serializer.serialize(TOPIC, headers, original);

    assertThat(deserializer.deserialize(TOPIC, headers, bytes)).isEqualTo(original);
  }

  @Test
  void shouldRoundTripEventNestedToTheEventLimit() {
    // the event object is level 1 of the event; the envelope adds one level around it
    String nested = "[".repeat(31) + "]".repeat(31);
    RawEnvelope original =
        new RawEnvelope(
            json("{\"event_id\": \"e\", \"deep\": " + nested + "}"), RECEIVED_AT, "http", "a");

    assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, original)))
        .isEqualTo(original);
  }

  @Test
  void shouldReadEnvelopeWithUnknownFieldsFromNewerWriters() {
    byte[] bytes =
        """
        {"event": {"event_id": "e"}, "received_at": "2026-11-22T10:00:00Z", "source": "mqtt",
         "principal": "gw", "schema": 2}"""
            .getBytes(UTF_8);

    assertThat(deserializer.deserialize(TOPIC, bytes))
        .isEqualTo(
            new RawEnvelope(
                json("{\"event_id\": \"e\"}"),
                Instant.parse("2026-11-22T10:00:00Z"),
                "mqtt",
                "gw"));
  }

  @Test
  void shouldMapNullToNullLikeKafkaSerdes() {
    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[1] | not a JSON object",
        "{\"received_at\": \"2026-11-22T10:00:00Z\", \"source\": \"http\", \"principal\": \"a\"}"
            + " | field 'event' is missing or not an object",
        "{\"event\": \"e\", \"received_at\": \"2026-11-22T10:00:00Z\", \"source\": \"http\","
            + " \"principal\": \"a\"} | field 'event' is missing or not an object",
        "{\"event\": {\"event_id\": \"e\"}, \"source\": \"http\", \"principal\": \"a\"}"
            + " | field 'received_at' is missing or not a string",
        "{\"event\": {\"event_id\": \"e\"}, \"received_at\": \"yesterday\", \"source\": \"http\","
            + " \"principal\": \"a\"} | field 'received_at' is not an RFC 3339 timestamp",
        "{\"event\": {\"event_id\": \"e\"}, \"received_at\": \"2026-11-22T10:00:00Z\","
            + " \"source\": 1, \"principal\": \"a\"} | field 'source' is missing or not a string",
        "{\"event\": {\"event_id\": \"e\"}, \"received_at\": \"2026-11-22T10:00:00Z\","
            + " \"source\": \"http\"} | field 'principal' is missing or not a string",
        "{\"event\": {\"device_id\": \"d\"}, \"received_at\": \"2026-11-22T10:00:00Z\","
            + " \"source\": \"http\", \"principal\": \"a\"}"
            + " | event must have an event_id; assign one with RawEnvelope.withEventId",
        "{\"event\": {\"event_id\": \"e\"}, \"received_at\": \"2026-11-22T10:00:00Z\","
            + " \"source\": \"HTTP\", \"principal\": \"a\"}"
            + " | source must match [a-z][a-z0-9_-]{0,31}, got 'HTTP'"
      })
  void shouldRejectMalformedEnvelopeNamingTopicAndProblem(String json, String problem) {
    byte[] bytes = json.getBytes(UTF_8);

    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .withMessage(
            "Malformed raw envelope in topic cj.events.raw ("
                + bytes.length
                + " bytes): "
                + problem);
  }

  @Test
  void shouldRejectBytesThatAreNotJsonKeepingTheCause() {
    byte[] bytes = "not json".getBytes(UTF_8);

    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .withMessageStartingWith(
            "Malformed raw envelope in topic cj.events.raw (8 bytes): not strict JSON:"
                + " Unrecognized token 'not'")
        .withCauseInstanceOf(JsonProcessingException.class);
  }

  @Test
  void shouldRejectInvalidUtf8() {
    byte[] bytes = {'{', '"', (byte) 0xFF, '"', ':', '1', '}'};

    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .withMessage(
            "Malformed raw envelope in topic cj.events.raw (7 bytes): not strict JSON:"
                + " Invalid UTF-8: malformed byte sequence at byte offset 2");
  }

  @Test
  void shouldRejectDuplicateEnvelopeFields() {
    byte[] bytes =
        """
        {"event": {"event_id": "e"}, "received_at": "2026-11-22T10:00:00Z", "source": "http",
         "principal": "a", "principal": "b"}"""
            .getBytes(UTF_8);

    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .withMessageContaining("not strict JSON: Duplicate field 'principal'");
  }

  @Test
  void shouldTellInvalidJsonFromInvalidEnvelopeByReasonCode() {
    assertThatExceptionOfType(RawEnvelopeSerde.MalformedEnvelopeException.class)
        .isThrownBy(() -> RawEnvelopeSerde.read("raw", "{".getBytes(UTF_8)))
        .satisfies(e -> assertThat(e.reasonCode()).isEqualTo("invalid_json"));
    assertThatExceptionOfType(RawEnvelopeSerde.MalformedEnvelopeException.class)
        .isThrownBy(() -> RawEnvelopeSerde.read("raw", "{\"event\":{}}".getBytes(UTF_8)))
        .satisfies(e -> assertThat(e.reasonCode()).isEqualTo("invalid_envelope"));
  }

  @Test
  void shouldMeasureEventInsideEncodedEnvelope() {
    byte[] event = "{\"event_id\":\"e\",\"x\":\"\u00e9\"}".getBytes(UTF_8);
    byte[] bytes =
        RawEnvelopeSerde.encode(event, Instant.parse("2026-11-22T10:00:00Z"), "http", "q\"uote");

    RawEnvelope envelope = RawEnvelopeSerde.read("raw", bytes);
    assertThat(RawEnvelopeSerde.eventLength(bytes, envelope)).isEqualTo(event.length);
  }
}
