package dev.cornjacket.topology;

import static dev.cornjacket.topology.TopologyFixture.WALL_CLOCK;
import static dev.cornjacket.topology.TopologyFixture.envelope;
import static dev.cornjacket.topology.TopologyFixture.sensorEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Step 1: every raw record is validated; what fails is dead-lettered with reason and origin. */
class EventValidationProcessorTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String RAW = "test.events.raw";

  @TempDir Path stateDir;
  private TopologyFixture topology;

  @BeforeEach
  void startDriver() {
    topology = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeDriver() {
    topology.close();
  }

  @Test
  void shouldPassValidEventOnAndCountIt() {
    topology.send("dev-1", sensorEvent("dev-1", "e-1", T0), T0);

    assertThat(topology.sensor.readValuesToList())
        .extracting(Event::eventId)
        .containsExactly("e-1");
    assertThat(topology.deadLetters.isEmpty()).isTrue();
    assertThat(topology.metrics.validatedByType()).containsEntry(EventType.SENSOR, 1L);
    assertThat(topology.metrics.deadLetters()).isZero();
  }

  @Test
  void shouldSendEventWithoutDeviceIdToDeadLettersWithReasonOriginAndOriginalBytes() {
    topology.send("dev-1", sensorEvent("dev-1", "e-1", T0), T0);
    byte[] bad = envelope("{\"event_id\":\"e-2\",\"type\":\"system\",\"ts\":\"" + T0 + "\"}", T0);
    topology.raw.pipeInput("dev-1", bad, T0.plusMillis(5));

    TestRecord<String, byte[]> record = topology.readDeadLetterRecords().getFirst();
    assertThat(record.key()).isEqualTo("dev-1");
    assertThat(record.value()).isEqualTo(bad);
    assertThat(record.timestamp()).isEqualTo(T0.plusMillis(5).toEpochMilli());
    assertThat(DeadLetters.read(record.headers(), record.value()))
        .isEqualTo(
            new DeadLetters.DeadLetter(
                "missing_field",
                "device_id: is required",
                "validate",
                "http",
                RAW,
                0,
                1,
                WALL_CLOCK,
                bad));
    assertThat(topology.metrics.deadLettersByReason()).isEqualTo(Map.of("missing_field", 1L));
    assertThat(topology.metrics.deadLettersByStage()).isEqualTo(Map.of("validate", 1L));
  }

  static Stream<Arguments> invalidEvents() {
    String ts = T0.toString();
    return Stream.of(
        Arguments.of(
            "missing_field", "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":\"system\"}"),
        Arguments.of(
            "bad_type",
            "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":7,\"ts\":\"" + ts + "\"}"),
        Arguments.of(
            "bad_value",
            "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":\"Sensor\",\"ts\":\""
                + ts
                + "\"}"),
        Arguments.of(
            "ts_out_of_range",
            "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":\"system\",\"ts\":\""
                + T0.plus(Duration.ofHours(25))
                + "\"}"),
        Arguments.of(
            "too_large",
            "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":\"system\",\"ts\":\""
                + ts
                + "\",\"note\":\""
                + "x".repeat(17_000)
                + "\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void shouldDeadLetterInvalidEventWithValidatorReasonCode(String reason, String eventJson) {
    byte[] bytes = envelope(eventJson, T0);
    topology.raw.pipeInput("dev-1", bytes, T0);

    List<DeadLetters.DeadLetter> deadLetters = topology.readDeadLetters();
    assertThat(deadLetters).hasSize(1);
    DeadLetters.DeadLetter deadLetter = deadLetters.getFirst();
    assertThat(deadLetter.reason()).isEqualTo(reason);
    assertThat(deadLetter.stage()).isEqualTo("validate");
    assertThat(deadLetter.source()).isEqualTo("http");
    assertThat(deadLetter.origin()).isEqualTo(RAW + "/0/0");
    assertThat(deadLetter.value()).isEqualTo(bytes);
    assertThat(topology.sensor.isEmpty()).isTrue();
    assertThat(topology.system.isEmpty()).isTrue();
  }

  @Test
  void shouldJoinEveryFieldErrorIntoMessage() {
    topology.send("dev-1", "{\"event_id\":\"e\",\"device_id\":\"dev-1\",\"type\":\"sensor\"}", T0);

    assertThat(topology.readDeadLetters().getFirst().message())
        .isEqualTo("ts: is required; metrics: is required for type sensor");
  }

  @Test
  void shouldCheckTsAgainstReceivedAtNotWallClock() {
    Instant receivedAt = Instant.parse("2014-04-10T00:00:00Z");
    topology.send(
        "dev-1",
        sensorEvent("dev-1", "late", receivedAt.minus(Duration.ofHours(24)).minusMillis(1)),
        receivedAt);
    topology.send(
        "dev-1",
        sensorEvent("dev-1", "early", receivedAt.plus(Duration.ofHours(24)).plusMillis(1)),
        receivedAt);

    assertThat(topology.readDeadLetters())
        .extracting(DeadLetters.DeadLetter::reason, DeadLetters.DeadLetter::message)
        .containsExactly(
            tuple(
                "ts_out_of_range",
                "ts: is 1ms earlier than allowed: must be at most 1d before the time of receipt"
                    + " 2014-04-10T00:00:00Z"),
            tuple(
                "ts_out_of_range",
                "ts: is 1ms later than allowed: must be at most 1d after the time of receipt"
                    + " 2014-04-10T00:00:00Z"));
  }

  @Test
  void shouldAcceptOldEventReceivedAtItsTime() {
    Instant ts = Instant.parse("2014-04-10T00:05:00Z");
    topology.send("machine-temp", sensorEvent("machine-temp", "nab-1", ts), ts.plusSeconds(1));

    TestRecord<String, Event> routed = topology.sensor.readRecord();
    assertThat(routed.key()).isEqualTo("machine-temp");
    assertThat(routed.value().ts()).isEqualTo(ts);
    assertThat(topology.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldSendBytesThatAreNotJsonToDeadLettersAsInvalidJson() {
    byte[] garbage = {'{', '"', (byte) 0xC3, 0x28, '}'};
    topology.raw.pipeInput("dev-1", garbage, T0);

    DeadLetters.DeadLetter deadLetter = topology.readDeadLetters().getFirst();
    assertThat(deadLetter.reason()).isEqualTo("invalid_json");
    assertThat(deadLetter.source()).isEqualTo("unknown");
    assertThat(deadLetter.message())
        .startsWith("Malformed raw envelope in topic " + RAW + " (5 bytes)");
    assertThat(deadLetter.value()).isEqualTo(garbage);
  }

  @Test
  void shouldSendJsonThatIsNotAnEnvelopeToDeadLettersAsInvalidEnvelope() {
    byte[] event = sensorEvent("dev-1", "e-1", T0).getBytes(UTF_8); // an event without envelope
    topology.raw.pipeInput("dev-1", event, T0);

    DeadLetters.DeadLetter deadLetter = topology.readDeadLetters().getFirst();
    assertThat(deadLetter.reason()).isEqualTo("invalid_envelope");
    assertThat(deadLetter.message()).endsWith("field 'event' is missing or not an object");
    assertThat(deadLetter.value()).isEqualTo(event);
  }

  @Test
  void shouldSendPlainEnvelopeOfEventWithoutIdToDeadLettersAsInvalidEnvelope() {
    // Plain in every other way, so the fast path reads it, and leaves it to the full path.
    byte[] bytes =
        ("{\"event\":{\"device_id\":\"dev-1\",\"type\":\"sensor\",\"ts\":\""
                + T0
                + "\",\"metrics\":{\"t\":1}},\"received_at\":\""
                + T0
                + "\",\"source\":\"http\",\"principal\":\"anonymous\"}")
            .getBytes(UTF_8);
    topology.raw.pipeInput("dev-1", bytes, T0);

    DeadLetters.DeadLetter deadLetter = topology.readDeadLetters().getFirst();
    assertThat(deadLetter.reason()).isEqualTo("invalid_envelope");
    assertThat(deadLetter.message()).contains("event_id");
    assertThat(topology.sensor.isEmpty()).isTrue();
  }

  @Test
  void shouldSendNullValueToDeadLettersAsInvalidEnvelope() {
    topology.raw.pipeInput("dev-1", (byte[]) null, T0);

    TestRecord<String, byte[]> record = topology.readDeadLetterRecords().getFirst();
    assertThat(record.value()).isNull();
    DeadLetters.DeadLetter deadLetter = DeadLetters.read(record.headers(), record.value());
    assertThat(deadLetter.reason()).isEqualTo("invalid_envelope");
    assertThat(deadLetter.message())
        .isEqualTo("value is null: the raw topic holds envelopes, never tombstones");
    assertThat(deadLetter.origin()).isEqualTo(RAW + "/0/0");
  }

  @Test
  void shouldSendEventWhoseDeviceIdDiffersFromKeyToDeadLettersAsDeviceMismatch() {
    topology.send("dev-2", sensorEvent("dev-1", "e-1", T0), T0);
    topology.send(null, sensorEvent("dev-1", "e-2", T0), T0);

    assertThat(topology.readDeadLetters())
        .extracting(DeadLetters.DeadLetter::reason, DeadLetters.DeadLetter::message)
        .containsExactly(
            tuple("device_mismatch", "record key 'dev-2' does not match the event's device_id"),
            tuple("device_mismatch", "record key is missing: it must be the event's device_id"));
    assertThat(topology.metrics.validated()).isZero();
  }

  @Test
  void shouldTakeSourceFromEnvelope() {
    byte[] bytes =
        RawEnvelopeSerde.encode(
            "{\"event_id\":\"e\",\"device_id\":\"dev-1\"}".getBytes(UTF_8),
            T0,
            RawEnvelope.SOURCE_MQTT,
            "anonymous");
    topology.raw.pipeInput("dev-1", bytes, T0);

    assertThat(topology.readDeadLetters().getFirst().source()).isEqualTo("mqtt");
  }

  @Test
  void shouldLetValidEventsAroundCorruptRecordPassInOrder() {
    topology.send("dev-1", sensorEvent("dev-1", "e-1", T0), T0);
    topology.raw.pipeInput("dev-1", "not json at all".getBytes(UTF_8), T0.plusMillis(1));
    topology.send("dev-1", sensorEvent("dev-1", "e-2", T0.plusMillis(2)), T0.plusMillis(2));
    topology.raw.pipeInput("dev-1", new byte[] {0, 1, 2}, T0.plusMillis(3));
    topology.send("dev-1", sensorEvent("dev-1", "e-3", T0.plusMillis(4)), T0.plusMillis(4));

    assertThat(topology.sensor.readValuesToList())
        .extracting(Event::eventId)
        .containsExactly("e-1", "e-2", "e-3");
    assertThat(topology.readDeadLetters())
        .extracting(DeadLetters.DeadLetter::reason, DeadLetters.DeadLetter::origin)
        .containsExactly(tuple("invalid_json", RAW + "/0/1"), tuple("invalid_json", RAW + "/0/3"));
    assertThat(topology.metrics.validated()).isEqualTo(3);
    assertThat(topology.metrics.deadLetters()).isEqualTo(2);
  }
}
