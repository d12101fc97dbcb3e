package dev.cornjacket.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cornjacket.mqtt.internal.PayloadReader.Event;
import dev.cornjacket.mqtt.internal.PayloadReader.Part;
import dev.cornjacket.mqtt.internal.PayloadReader.Rejected;
import dev.cornjacket.topology.EventJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadReaderTest {

  private static final String TOPIC = "cj/devices/sensor-1/events";

  private final PayloadReader reader = new PayloadReader(1024);

  @Test
  void shouldForwardAnEventWithItsBytesAsPublished() {
    String json =
        "{\"event_id\":\"e1\", \"device_id\":\"sensor-1\",\"type\":\"sensor\",\"ts\":1,\"x\":{}}";

    List<Part> parts = reader.read(TOPIC, (" \n" + json + "\n").getBytes(UTF_8));

    assertThat(parts).hasSize(1);
    Event event = (Event) parts.getFirst();
    assertThat(event.deviceId()).isEqualTo("sensor-1");
    assertThat(new String(event.json(), UTF_8)).isEqualTo(json);
  }

  @Test
  void shouldInsertAnEventIdWhenThePayloadHasNone() {
    byte[] payload = "{\"device_id\":\"sensor-1\",\"type\":\"system\",\"ts\":1}".getBytes(UTF_8);
    String id = PayloadReader.derivedEventId(TOPIC, -1, payload);

    List<Part> parts = reader.read(TOPIC, payload);

    assertThat(new String(((Event) parts.getFirst()).json(), UTF_8))
        .isEqualTo(
            "{\"event_id\":\""
                + id
                + "\",\"device_id\":\"sensor-1\",\"type\":\"system\",\"ts\":1}");
  }

  @Test
  void shouldGiveARedeliveredMessageTheSameIdsAndOtherMessagesOtherIds() throws Exception {
    byte[] batch =
        "[{\"type\":\"system\",\"ts\":1},{\"type\":\"system\",\"ts\":1}]".getBytes(UTF_8);

    List<String> ids = eventIds(reader.read(TOPIC, batch));

    assertThat(eventIds(reader.read(TOPIC, batch.clone()))).isEqualTo(ids);
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(eventIds(reader.read("cj/devices/sensor-2/events", batch)))
        .doesNotContainAnyElementsOf(ids);
  }

  private static List<String> eventIds(List<Part> parts) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (Part part : parts) {
      ids.add(EventJson.readTree(((Event) part).json()).get("event_id").asText());
    }
    return ids;
  }

  @Test
  void shouldTakeTheDeviceIdFromTheTopicWhenThePayloadHasNone() throws Exception {
    List<Part> parts =
        reader.read(
            TOPIC,
            "{\"event_id\":\"e1\",\"device_id\":null,\"type\":\"system\",\"ts\":1}"
                .getBytes(UTF_8));

    Event event = (Event) parts.getFirst();
    assertThat(event.deviceId()).isEqualTo("sensor-1");
    JsonNode written = EventJson.readTree(event.json());
    assertThat(written.get("device_id").asText()).isEqualTo("sensor-1");
    assertThat(written.get("event_id").asText()).isEqualTo("e1");
  }

  @Test
  void shouldGiveAnEventWithANullEventIdExactlyOneId() throws Exception {
    List<Part> parts =
        reader.read(TOPIC, "{\"event_id\":null,\"type\":\"system\",\"ts\":1}".getBytes(UTF_8));

    // strict JSON parsing rejects duplicate keys: one event_id, the new one
    JsonNode written = EventJson.readTree(((Event) parts.getFirst()).json());
    assertThat(written.get("event_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(written.get("device_id").asText()).isEqualTo("sensor-1");
  }

  @Test
  void shouldSplitAnArrayIntoEventsAndDeadLetterOnlyTheBadItems() throws Exception {
    String payload =
        "[{\"event_id\":\"a\",\"type\":\"system\",\"ts\":1},"
            + " 42,"
            + " {\"event_id\":\"b\",\"device_id\":\"sensor-2\",\"type\":\"system\",\"ts\":1},"
            + " {\"device_id\":\"sensor-1\",\"type\":\"system\",\"ts\":2}]";

    List<Part> parts = reader.read(TOPIC, payload.getBytes(UTF_8));

    assertThat(parts).hasSize(4);
    assertThat(EventJson.readTree(((Event) parts.get(0)).json()).get("device_id").asText())
        .isEqualTo("sensor-1");
    Rejected notAnObject = (Rejected) parts.get(1);
    assertThat(notAnObject.reason()).isEqualTo("bad_type");
    assertThat(notAnObject.message())
        .isEqualTo(
            "item 1 of the array published to " + TOPIC + " must be an event object, not NUMBER");
    assertThat(new String(notAnObject.value(), UTF_8)).isEqualTo("42");
    Rejected mismatch = (Rejected) parts.get(2);
    assertThat(mismatch.reason()).isEqualTo("device_mismatch");
    assertThat(mismatch.deviceId()).isEqualTo("sensor-1");
    assertThat(mismatch.message())
        .isEqualTo("device_id 'sensor-2' of item 2 does not match the topic " + TOPIC);
    assertThat(EventJson.readTree(mismatch.value()).get("event_id").asText()).isEqualTo("b");
    assertThat(EventJson.readTree(((Event) parts.get(3)).json()).get("event_id").asText())
        .isEqualTo(PayloadReader.derivedEventId(TOPIC, 3, payload.getBytes(UTF_8)));
  }

  @Test
  void shouldDeadLetterAnEventOfAnotherDevice() {
    byte[] payload = "{\"device_id\":\"intruder\",\"type\":\"system\",\"ts\":1}".getBytes(UTF_8);

    Rejected rejected = (Rejected) reader.read(TOPIC, payload).getFirst();

    assertThat(rejected.reason()).isEqualTo("device_mismatch");
    assertThat(rejected.message())
        .isEqualTo("device_id 'intruder' of the event does not match the topic " + TOPIC);
    assertThat(rejected.value()).isEqualTo(payload);
  }

  @Test
  void shouldDeadLetterWhatIsNotJsonOrNotEvents() {
    assertRejected(
        "{\"device_id\":", "invalid_json", "the payload on " + TOPIC + " is not valid JSON: ");
    assertRejected(
        "{\"ts\":1,\"ts\":2}",
        "invalid_json",
        "the payload on " + TOPIC + " is not valid JSON: Duplicate field 'ts'");
    assertRejected("", "invalid_json", "the payload on " + TOPIC + " is not valid JSON: ");
    assertRejected(
        "\"hello\"",
        "bad_type",
        "the payload on " + TOPIC + " must be an event object or an array of events, not STRING");
    assertRejected("[ ]", "bad_value", "the array published to " + TOPIC + " holds no events");
  }

  @Test
  void shouldDeadLetterAnOversizedPayloadKeepingItsBeginning() {
    byte[] payload = new byte[1025];
    java.util.Arrays.fill(payload, (byte) 'x');

    Rejected rejected = (Rejected) reader.read(TOPIC, payload).getFirst();

    assertThat(rejected.reason()).isEqualTo("too_large");
    assertThat(rejected.value()).hasSize(1024);
    assertThat(rejected.deviceId()).isEqualTo("sensor-1");
    assertThat(rejected.message())
        .isEqualTo(
            "the payload of 1025 bytes on "
                + TOPIC
                + " is over the limit of 1024 bytes; the dead letter keeps its first 1024 bytes");
  }

  @Test
  void shouldForwardADeviceIdOfAnotherTypeForTheTopologyToJudge() {
    Event event =
        (Event)
            reader
                .read(TOPIC, "{\"device_id\":7,\"type\":\"system\",\"ts\":1}".getBytes(UTF_8))
                .getFirst();

    assertThat(event.deviceId()).isEqualTo("sensor-1");
    assertThat(new String(event.json(), UTF_8)).contains("\"device_id\":7");
  }

  @Test
  void shouldRefuseANonPositiveLimit() {
    assertThatThrownBy(() -> new PayloadReader(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPayloadBytes must be positive: 0");
  }

  private void assertRejected(String payload, String reason, String messageStart) {
    List<Part> parts = reader.read(TOPIC, payload.getBytes(UTF_8));
    assertThat(parts).hasSize(1);
    Rejected rejected = (Rejected) parts.getFirst();
    assertThat(rejected.reason()).as(payload).isEqualTo(reason);
    assertThat(rejected.message()).as(payload).startsWith(messageStart);
    assertThat(rejected.value()).isEqualTo(payload.getBytes(UTF_8));
    assertThat(rejected.deviceId()).isEqualTo("sensor-1");
  }
}
