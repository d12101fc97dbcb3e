package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSerdeTest {

  private static final Instant TS = Instant.parse("2026-11-22T10:00:00.5Z");
  private final EventSerde serde = new EventSerde();

  private static Event event() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("z", 1.0);
    metrics.put("a", -2.5e-3);
    return new Event("e-1", "dev-1", EventType.SENSOR, TS, metrics, Map.of("fw", "1.4 \"beta\""));
  }

  @Test
  void shouldWriteCompactJsonInFixedFieldOrder() {
    assertThat(new String(serde.serializer().serialize("t", event()), UTF_8))
        .isEqualTo(
            "{\"event_id\":\"e-1\",\"device_id\":\"dev-1\",\"type\":\"sensor\","
                + "\"ts\":\"2026-11-22T10:00:00.500Z\",\"metrics\":{\"z\":1.0,\"a\":-0.0025},"
                + "\"attrs\":{\"fw\":\"1.4 \\\"beta\\\"\"}}");
  }

  @Test
  void shouldReadBackWhatItWroteKeepingMapOrder() {
    Event read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", event()));

    assertThat(read).isEqualTo(event());
    assertThat(read.metrics().keySet()).containsExactly("z", "a");
  }

  @Test
  void shouldWriteAndReadScoresAndIngestInformation() {
    Event event =
        event()
            .withScores(Map.of("z", 0.25))
            .withIngest(new Event.Ingest(TS.plusSeconds(1), RawEnvelope.SOURCE_MQTT, "gw-7"));

    byte[] bytes = serde.serializer().serialize("t", event);

    assertThat(new String(bytes, UTF_8))
        .endsWith(
            "\"scores\":{\"z\":0.25},\"received_at\":\"2026-11-22T10:00:01.500Z\","
                + "\"source\":\"mqtt\",\"principal\":\"gw-7\"}");
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
  }

  @Test
  void shouldRejectScoreThatIsNotANumber() {
    byte[] bytes =
        ("{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\","
                + "\"metrics\":{\"t\":1},\"scores\":{\"t\":\"high\"}}")
            .getBytes(UTF_8);

    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .withMessageContaining("a value of 'scores' is not a number");
  }

  @Test
  void shouldLeaveOutMissingEventId() {
    Event event = new Event(null, "d", EventType.SYSTEM, TS, Map.of(), Map.of());

    byte[] bytes = serde.serializer().serialize("t", event);
    assertThat(new String(bytes, UTF_8)).startsWith("{\"device_id\":\"d\"");
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
  }

  @Test
  void shouldMapNullToNull() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nope | not strict JSON",
        "[] | not a JSON object",
        "{\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\"} | field 'device_id' is missing or not a string",
        "{\"device_id\":\"d\",\"type\":\"x\",\"ts\":\"2026-11-22T10:00:00Z\"} | field 'type' is not an event type",
        "{\"device_id\":\"d\",\"type\":\"system\",\"ts\":\"yesterday\"} | field 'ts' is not an RFC 3339 timestamp",
        "{\"device_id\":\"d\",\"type\":\"system\",\"ts\":\"2026-11-22T10:00:00Z\",\"metrics\":{\"a\":\"1\"}} | a value of 'metrics' is not a number"
      })
  void shouldRejectMalformedBytesNamingTopicAndProblem(String json, String problem) {
    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(
            () -> serde.deserializer().deserialize("cj.events.sensor", json.getBytes(UTF_8)))
        .withMessageStartingWith("Malformed event in topic cj.events.sensor (")
        .withMessageContaining(problem);
  }
}
