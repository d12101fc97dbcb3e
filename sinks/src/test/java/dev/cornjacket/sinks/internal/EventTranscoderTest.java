package dev.cornjacket.sinks.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import dev.cornjacket.topology.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTranscoderTest {

  private static final Instant TS = Instant.parse("2026-11-22T10:00:00.120Z");

  private final EventTranscoder transcoder = new EventTranscoder();

  @Test
  void shouldTurnAScoredEventIntoItsCopyRow() throws Exception {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("temperature", 21.5);
    metrics.put("humidity", 40.0);
    Event event =
        new Event(
            "e-1",
            "dev-1",
            EventType.SENSOR,
            TS,
            metrics,
            Map.of("firmware", "1.4.2"),
            Map.of("temperature", 0.97),
            new Event.Ingest(TS.plusMillis(3), "mqtt", "gateway-7"));

    EventTranscoder.Transcoded row = transcoder.transcode(EventSerde.write(event));

    assertThat(row.eventId()).isEqualTo("e-1");
    assertThat(row.source()).isEqualTo("mqtt");
    assertThat(new String(row.copyFields(), UTF_8))
        .isEqualTo(
            String.join(
                "\t",
                "e-1",
                "dev-1",
                "sensor",
                "2026-11-22T10:00:00.120Z",
                "2026-11-22T10:00:00.123Z",
                "mqtt",
                "gateway-7",
                "{\"temperature\":21.5,\"humidity\":40.0}",
                "{\"firmware\":\"1.4.2\"}",
                "{\"temperature\":0.97}",
                "0.97"));
  }

  @Test
  void shouldLeaveOutWhatAnEventDoesNotHave() throws Exception {
    Event bare = new Event("e-2", "dev", EventType.SYSTEM, TS, Map.of(), Map.of());

    assertThat(new String(transcoder.transcode(EventSerde.write(bare)).copyFields(), UTF_8))
        .isEqualTo("e-2\tdev\tsystem\t2026-11-22T10:00:00.120Z\t\\N\t\\N\t\\N\t{}\t{}\t\\N\t\\N");
    assertThat(
            fields(
                "{\"device_id\":\"d\",\"type\":\"system\",\"ts\":\"2026-11-22T10:00:00Z\",\"x\":[1,{\"y\":2}]}"))
        .as("no event_id, no metrics or attrs, an unknown field")
        .isEqualTo("\\N\td\tsystem\t2026-11-22T10:00:00Z\t\\N\t\\N\t\\N\t{}\t{}\t\\N\t\\N");
  }

  @Test
  void shouldEscapeForCopyWhatJsonEscaped() throws Exception {
    Event event =
        new Event(
            "id\twith tab",
            "dev",
            EventType.USER_ACTION,
            TS,
            Map.of(),
            Map.of("note", "quote \" backslash \\ tab \t ünï"));

    assertThat(new String(transcoder.transcode(EventSerde.write(event)).copyFields(), UTF_8))
        .startsWith("id\\twith tab\tdev\t")
        .contains("\t{\"note\":\"quote \\\\\" backslash \\\\\\\\ tab \\\\t ünï\"}\t");
  }

  @Test
  void shouldTakeTheHighestScoreAndNormaliseOtherTimeZones() throws Exception {
    String fields =
        fields(
            "{\"event_id\":\"e\",\"device_id\":\"d\",\"type\":\"sensor\","
                + "\"ts\":\"2026-11-22T12:00:00+02:00\",\"metrics\":{\"a\":1,\"b\":2},"
                + "\"scores\":{\"a\":0.2,\"b\":0.9,\"c\":1e-3}}");

    assertThat(fields)
        .isEqualTo(
            "e\td\tsensor\t2026-11-22T10:00:00Z\t\\N\t\\N\t\\N\t{\"a\":1,\"b\":2}\t{}\t"
                + "{\"a\":0.2,\"b\":0.9,\"c\":1e-3}\t0.9");
  }

  @Test
  void shouldRefuseWhatIsNotAnEvent() {
    assertUndecodable("{not json", "not strict JSON: Unexpected character");
    assertUndecodable("[]", "not an event: not a JSON object");
    assertUndecodable(
        "{\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\"}",
        "not an event: field 'device_id' is missing or not a string");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"cooking\",\"ts\":\"2026-11-22T10:00:00Z\"}",
        "not an event: field 'type' is not an event type");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"yesterday\"}",
        "field 'ts' is not an RFC 3339 timestamp");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\","
            + "\"metrics\":{\"t\":\"hot\"}}",
        "not an event: a value of 'metrics' is not a number");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\","
            + "\"attrs\":{\"n\":1}}",
        "not an event: a value of 'attrs' is not a string");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\","
            + "\"received_at\":\"2026-11-22T10:00:00Z\"}",
        "not an event: field 'source' is missing or not a string");
    assertUndecodable(
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\"} {}",
        "not an event: content after the event");
    assertUndecodable(
        "{\"device_id\":\"d\",\"device_id\":\"e\",\"type\":\"sensor\",\"ts\":\"2026-11-22T10:00:00Z\"}",
        "not strict JSON: Duplicate field 'device_id'");
  }

  @Test
  void shouldRecogniseTheTopologysTimestampsWithoutParsingThem() {
    assertThat(EventTranscoder.isInstantText("2026-11-22T10:00:00Z")).isTrue();
    assertThat(EventTranscoder.isInstantText("2026-11-22T10:00:00.123456789Z")).isTrue();
    assertThat(EventTranscoder.isInstantText("2026-11-22T10:00:00.Z")).isFalse();
    assertThat(EventTranscoder.isInstantText("2026-11-22 10:00:00Z")).isFalse();
    assertThat(EventTranscoder.isInstantText("2026-11-22T10:00:00+00:00")).isFalse();
  }

  private String fields(String json) throws Exception {
    return new String(transcoder.transcode(json.getBytes(UTF_8)).copyFields(), UTF_8);
  }

  private void assertUndecodable(String json, String message) {
    assertThatThrownBy(() -> transcoder.transcode(json.getBytes(UTF_8)))
        .as(json)
        .isInstanceOf(RecordDecoder.UndecodableRecordException.class)
        .hasMessageContaining(message);
  }
}
