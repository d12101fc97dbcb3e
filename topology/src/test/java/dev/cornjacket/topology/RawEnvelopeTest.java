package dev.cornjacket.topology;

import static dev.cornjacket.topology.TestEvents.NOW;
import static dev.cornjacket.topology.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RawEnvelopeTest {

  @Test
  void shouldAddEventIdAsFirstFieldWhenAbsent() {
    ObjectNode sent = json("{\"device_id\": \"d\", \"type\": \"system\", \"extra\": {\"x\": 1}}");

    ObjectNode withId = RawEnvelope.withEventId(sent, () -> "server-id");

    assertThat(withId.toString())
        .isEqualTo(
            "{\"event_id\":\"server-id\",\"device_id\":\"d\",\"type\":\"system\",\"extra\":{\"x\":1}}");
  }

  @Test
  void shouldNotModifyTheClientsNodeWhenAddingEventId() {
    ObjectNode sent = json("{\"device_id\": \"d\"}");

    RawEnvelope.withEventId(sent, () -> "server-id");

    assertThat(sent.has("event_id")).isFalse();
  }

  @Test
  void shouldReplaceNullEventIdInPlaceOfTheNull() {
    ObjectNode sent = json("{\"device_id\": \"d\", \"event_id\": null}");

    assertThat(RawEnvelope.withEventId(sent, () -> "server-id").toString())
        .isEqualTo("{\"event_id\":\"server-id\",\"device_id\":\"d\"}");
  }

  @Test
  void shouldKeepClientEventIdAndReturnSameNode() {
    ObjectNode sent = json("{\"device_id\": \"d\", \"event_id\": \"client-id\"}");

    assertThat(RawEnvelope.withEventId(sent, () -> "server-id")).isSameAs(sent);
  }

  @Test
  void shouldKeepInvalidClientEventIdForTheValidatorToReport() {
    ObjectNode sent = json("{\"event_id\": 42}");

    assertThat(RawEnvelope.withEventId(sent, () -> "server-id")).isSameAs(sent);
  }

  @Test
  void shouldNotCallSupplierWhenEventHasId() {
    ObjectNode sent = json("{\"event_id\": \"client-id\"}");

    RawEnvelope.withEventId(
        sent,
        () -> {
          throw new AssertionError("supplier called");
        });
  }

  @Test
  void shouldRejectNullFromIdSupplier() {
    assertThatNullPointerException()
        .isThrownBy(() -> RawEnvelope.withEventId(json("{}"), () -> null))
        .withMessage("idSupplier must not supply a null id");
  }

  @Test
  void shouldAssignRandomUuidInOf() {
    RawEnvelope envelope = RawEnvelope.of(json("{\"device_id\": \"d\"}"), NOW, "http", "alice");

    String eventId = envelope.event().get("event_id").textValue();
    assertThat(UUID.fromString(eventId).toString()).isEqualTo(eventId);
    assertThat(envelope.receivedAt()).isEqualTo(NOW);
    assertThat(envelope.source()).isEqualTo("http");
    assertThat(envelope.principal()).isEqualTo("alice");
  }

  @Test
  void shouldUseSuppliedIdInOf() {
    RawEnvelope envelope =
        RawEnvelope.of(json("{\"device_id\": \"d\"}"), () -> "id-1", NOW, "mqtt", "gw");

    assertThat(envelope.event().get("event_id").textValue()).isEqualTo("id-1");
  }

  @Test
  void shouldRequireEventIdInEnvelope() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RawEnvelope(json("{\"device_id\": \"d\"}"), NOW, "http", "alice"))
        .withMessage("event must have an event_id; assign one with RawEnvelope.withEventId");
  }

  @Test
  void shouldKeepItsOwnCopyOfTheEvent() {
    ObjectNode event = json("{\"event_id\": \"e\", \"attrs\": {\"a\": \"1\"}}");
    RawEnvelope envelope = new RawEnvelope(event, NOW, "http", "alice");

    ((ObjectNode) event.get("attrs")).put("a", "changed");

    assertThat(envelope.event().get("attrs").get("a").textValue()).isEqualTo("1");
  }

  @Test
  void shouldRejectSourceThatIsNotALowerCaseName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RawEnvelope(json("{\"event_id\": \"e\"}"), NOW, "HTTP\n", "alice"))
        .withMessage("source must match [a-z][a-z0-9_-]{0,31}, got 'HTTP\\u000A'");
  }

  @Test
  void shouldNameMissingArguments() {
    ObjectNode event = json("{\"event_id\": \"e\"}");

    assertThatNullPointerException()
        .isThrownBy(() -> new RawEnvelope(null, NOW, "http", "a"))
        .withMessage("event");
    assertThatNullPointerException()
        .isThrownBy(() -> new RawEnvelope(event, null, "http", "a"))
        .withMessage("receivedAt");
    assertThatNullPointerException()
        .isThrownBy(() -> new RawEnvelope(event, NOW, null, "a"))
        .withMessage("source");
    assertThatNullPointerException()
        .isThrownBy(() -> new RawEnvelope(event, NOW, "http", null))
        .withMessage("principal");
    assertThatNullPointerException()
        .isThrownBy(() -> RawEnvelope.withEventId(null, () -> "x"))
        .withMessage("event");
    assertThatNullPointerException()
        .isThrownBy(() -> RawEnvelope.withEventId(event, null))
        .withMessage("idSupplier");
  }

  @Test
  void shouldReserveTheNamesTheEnvelopeAdds() {
    assertThat(RawEnvelope.RESERVED_FIELD_NAMES)
        .containsExactly("received_at", "source", "principal");
  }
}
