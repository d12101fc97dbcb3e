package dev.cornjacket.topology;

import static dev.cornjacket.topology.RejectReason.BAD_TYPE;
import static dev.cornjacket.topology.RejectReason.BAD_VALUE;
import static dev.cornjacket.topology.RejectReason.INVALID_JSON;
import static dev.cornjacket.topology.RejectReason.MISSING_FIELD;
import static dev.cornjacket.topology.RejectReason.TOO_LARGE;
import static dev.cornjacket.topology.RejectReason.TS_OUT_OF_RANGE;
import static dev.cornjacket.topology.TestEvents.CLOCK;
import static dev.cornjacket.topology.TestEvents.NOW;
import static dev.cornjacket.topology.TestEvents.assertInvalid;
import static dev.cornjacket.topology.TestEvents.assertSingleError;
import static dev.cornjacket.topology.TestEvents.assertValid;
import static dev.cornjacket.topology.TestEvents.json;
import static dev.cornjacket.topology.TestEvents.sensorEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final EventValidator validator = TestEvents.validator();

  private ValidationResult validateWith(String field, JsonNode value) {
    ObjectNode event = sensorEvent();
    event.set(field, value);
    return validator.validate(event);
  }

  private ValidationResult validateWithout(String field) {
    ObjectNode event = sensorEvent();
    event.remove(field);
    return validator.validate(event);
  }

  @Test
  void shouldRequireLimitsAndClock() {
    assertThatNullPointerException()
        .isThrownBy(() -> new EventValidator(null, CLOCK))
        .withMessage("limits");
    assertThatNullPointerException()
        .isThrownBy(() -> new EventValidator(ValidationLimits.DEFAULTS, null))
        .withMessage("clock");
    assertThatNullPointerException()
        .isThrownBy(() -> validator.validate((JsonNode) null))
        .withMessage("item");
    assertThatNullPointerException()
        .isThrownBy(() -> validator.validate((byte[]) null))
        .withMessage("json");
  }

  @Nested
  class WholeEvent {

    @Test
    void shouldTurnValidEventIntoTypedEvent() {
      Event event = assertValid(validator.validate(sensorEvent()));

      assertThat(event)
          .isEqualTo(
              new Event(
                  "e-1",
                  "dev-1",
                  EventType.SENSOR,
                  NOW,
                  Map.of("temperature", 21.5, "humidity", 40.0),
                  Map.of("firmware", "1.4.2")));
    }

    @Test
    void shouldKeepMetricsAndAttrsInSentOrder() {
      ObjectNode sent =
          json(
              """
              {"device_id": "d", "type": "sensor", "ts": 1795341600000,
               "metrics": {"z": 1, "a": 2, "m": 3}, "attrs": {"zz": "1", "aa": "2"}}
              """);

      Event event = assertValid(validator.validate(sent));

      assertThat(event.metrics().keySet()).containsExactly("z", "a", "m");
      assertThat(event.attrs().keySet()).containsExactly("zz", "aa");
    }

    @Test
    void shouldAcceptSystemEventWithOnlyRequiredFields() {
      Event event =
          assertValid(
              validator.validate(
                  json(
                      "{\"device_id\": \"d\", \"type\": \"system\", \"ts\": \"2026-11-22T10:00:00Z\"}")));

      assertThat(event.eventId()).isNull();
      assertThat(event.metrics()).isEmpty();
      assertThat(event.attrs()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"[1], an array", "\"text\", a string", "42, a number", "true, a boolean"})
    void shouldRejectEventThatIsNotAnObject(String json, String described) throws Exception {
      JsonNode item = EventJson.mapper().readTree(json);

      assertSingleError(
          validator.validate(item),
          BAD_TYPE,
          FieldError.ROOT,
          "must be a JSON object, got " + described);
    }

    @Test
    void shouldRejectNullAsEvent() {
      assertSingleError(
          validator.validate(NODES.nullNode()), BAD_TYPE, "$", "must be a JSON object, got null");
    }

    @Test
    void shouldIgnoreUnknownTopLevelFields() {
      ObjectNode event = sensorEvent();
      event.put("firmware_channel", "beta");
      event.set("future", json("{\"nested\": {\"deep\": [1, 2, 3]}}"));

      assertThat(assertValid(validator.validate(event)))
          .isEqualTo(assertValid(validator.validate(sensorEvent())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"received_at", "source", "principal"})
    void shouldRejectEnvelopeReservedFieldNames(String reserved) {
      assertSingleError(
          validateWith(reserved, NODES.textNode("client says")),
          BAD_VALUE,
          reserved,
          "is reserved for the envelope the server adds; send it inside attrs instead");
    }

    @Test
    void shouldTreatNullOptionalFieldsAsAbsent() {
      ObjectNode event =
          json(
              """
              {"event_id": null, "device_id": "d", "type": "user_action", "ts": "2026-11-22T10:00:00Z",
               "metrics": null, "attrs": null, "source": null}
              """);

      Event valid = assertValid(validator.validate(event));

      assertThat(valid.eventId()).isNull();
      assertThat(valid.metrics()).isEmpty();
      assertThat(valid.attrs()).isEmpty();
    }

    @Test
    void shouldReportEveryErrorOfAnEventTogetherInContractOrder() {
      ObjectNode event =
          json(
              """
              {"principal": "me", "attrs": {"firmware": 2}, "metrics": {"temperature": "hot"},
               "ts": true, "type": "SENSOR", "device_id": "my device", "event_id": ""}
              """);

      ValidationResult.Invalid invalid = assertInvalid(validator.validate(event));

      assertThat(invalid.errors())
          .containsExactly(
              new FieldError("event_id", "must not be empty"),
              new FieldError(
                  "device_id",
                  "must match [A-Za-z0-9._:-]{1,128}: U+0020 at index 2 is not allowed"),
              new FieldError("type", "must be one of sensor, user_action, system"),
              new FieldError(
                  "ts",
                  "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z or"
                      + " 2026-11-22T10:00:00.123+01:00 or an integer number of epoch"
                      + " milliseconds, got a boolean"),
              new FieldError("metrics.temperature", "must be a number, got a string"),
              new FieldError("attrs.firmware", "must be a string, got a number"),
              new FieldError(
                  "principal",
                  "is reserved for the envelope the server adds; send it inside attrs instead"));
      assertThat(invalid.reason()).isEqualTo(BAD_VALUE);
    }

    @Test
    void shouldTakeReasonFromFirstError() {
      ObjectNode event = sensorEvent();
      event.remove("device_id");
      event.put("ts", "yesterday");

      ValidationResult.Invalid invalid = assertInvalid(validator.validate(event));

      assertThat(invalid.reason()).isEqualTo(MISSING_FIELD);
      assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("device_id", "ts");
    }

    @Test
    void shouldRejectParsedEventLargerThanLimitWhenWrittenCompactly() {
      ObjectNode event = sensorEvent();
      ObjectNode attrs = event.putObject("attrs");
      for (int i = 0; i < 20; i++) {
        attrs.put("a" + i, "x".repeat(1000));
      }

      ValidationResult.Invalid invalid = assertInvalid(validator.validate(event));

      assertThat(invalid.reason()).isEqualTo(TOO_LARGE);
      assertThat(invalid.errors())
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo("$");
                assertThat(error.message()).matches("must be at most 16384 bytes, got 20\\d{3}");
              });
    }

    @Test
    void shouldRejectParsedEventNestedDeeperThanJsonLimit() {
      JsonNode deep = NODES.textNode("bottom");
      for (int i = 0; i < 200; i++) {
        ArrayNode wrapper = NODES.arrayNode();
        wrapper.add(deep);
        deep = wrapper;
      }
      ObjectNode event = sensorEvent();
      event.set("unknown", deep);

      ValidationResult.Invalid invalid = assertInvalid(validator.validate(event));

      assertThat(invalid.reason()).isEqualTo(INVALID_JSON);
      assertThat(invalid.errors())
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo("$");
                assertThat(error.message())
                    .startsWith("cannot be written as JSON: Document nesting depth (33)");
              });
    }
  }

  @Nested
  class EventId {

    @Test
    void shouldAcceptMissingEventIdWithoutInventingOne() {
      assertThat(assertValid(validateWithout("event_id")).eventId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"550e8400-e29b-41d4-a716-446655440000", "x", "événement 1 😀", "a/b c"})
    void shouldAcceptAnyPrintableEventId(String eventId) {
      assertThat(assertValid(validateWith("event_id", NODES.textNode(eventId))).eventId())
          .isEqualTo(eventId);
    }

    @Test
    void shouldAcceptEventIdOfMaximumLengthCountingCodePoints() {
      String eventId = "😀".repeat(128); // 256 UTF-16 chars, 128 characters

      assertThat(assertValid(validateWith("event_id", NODES.textNode(eventId))).eventId())
          .isEqualTo(eventId);
    }

    @Test
    void shouldRejectEventIdThatIsNotAString() {
      assertSingleError(
          validateWith("event_id", NODES.numberNode(42)),
          BAD_TYPE,
          "event_id",
          "must be a string, got a number");
    }

    @Test
    void shouldRejectEmptyEventId() {
      assertSingleError(
          validateWith("event_id", NODES.textNode("")), BAD_VALUE, "event_id", "must not be empty");
    }

    @Test
    void shouldRejectEventIdLongerThan128Characters() {
      assertSingleError(
          validateWith("event_id", NODES.textNode("e".repeat(129))),
          BAD_VALUE,
          "event_id",
          "must be at most 128 characters, got 129");
    }

    @Test
    void shouldRejectEventIdWithControlCharacters() {
      assertSingleError(
          validateWith("event_id", NODES.textNode("e-1\n")),
          BAD_VALUE,
          "event_id",
          "must not contain control character U+000A at index 3");
    }

    @Test
    void shouldRejectEventIdWithUnpairedSurrogate() {
      assertSingleError(
          validateWith("event_id", NODES.textNode("e\uD800")),
          BAD_VALUE,
          "event_id",
          "must not contain unpaired surrogate U+D800 at index 1");
    }
  }

  @Nested
  class DeviceId {

    @ParameterizedTest
    @ValueSource(strings = {"dev-1", "A", "gw.7:sensor_3-b", "0123456789"})
    void shouldAcceptDeviceIdFromAllowedCharacters(String deviceId) {
      assertThat(assertValid(validateWith("device_id", NODES.textNode(deviceId))).deviceId())
          .isEqualTo(deviceId);
    }

    @Test
    void shouldAcceptDeviceIdOf128Characters() {
      assertValid(validateWith("device_id", NODES.textNode("d".repeat(128))));
    }

    @Test
    void shouldRejectMissingDeviceId() {
      assertSingleError(validateWithout("device_id"), MISSING_FIELD, "device_id", "is required");
    }

    @Test
    void shouldRejectNullDeviceIdAsMissing() {
      assertSingleError(
          validateWith("device_id", NODES.nullNode()), MISSING_FIELD, "device_id", "is required");
    }

    @Test
    void shouldRejectDeviceIdThatIsNotAString() {
      assertSingleError(
          validateWith("device_id", NODES.numberNode(7)),
          BAD_TYPE,
          "device_id",
          "must be a string, got a number");
    }

    @Test
    void shouldRejectDeviceIdWithSpaces() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("dev 1")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: U+0020 at index 3 is not allowed");
    }

    @Test
    void shouldRejectEmptyDeviceId() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: got an empty string");
    }

    @Test
    void shouldRejectTenKilobyteDeviceIdWithoutEchoingIt() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("d".repeat(10_240))),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: got 10240 characters");
    }

    @Test
    void shouldRejectDeviceIdWithNulCharacter() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("dev\u0000")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: U+0000 at index 3 is not allowed");
    }

    @Test
    void shouldRejectDeviceIdWithAccentedLetter() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("capteur-é")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: U+00E9 at index 8 is not allowed");
    }

    @Test
    void shouldReportDeviceIdEmojiAsOneCodePoint() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("😀x")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: U+1F600 at index 0 is not allowed");
    }

    @Test
    void shouldRejectDeviceIdWithLookAlikeFullWidthDigit() {
      assertSingleError(
          validateWith("device_id", NODES.textNode("dev１")),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,128}: U+FF11 at index 3 is not allowed");
    }

    @Test
    void shouldNameConfiguredLengthInDeviceIdPattern() {
      EventValidator shortIds =
          new EventValidator(
              new ValidationLimits(
                  64, 64, 16 * 1024, 8, Duration.ofHours(24), Duration.ofHours(24)),
              CLOCK);
      ObjectNode event = sensorEvent();
      event.put("event_id", "e");
      event.put("device_id", "device-123");
      event.set("metrics", NODES.objectNode().put("t", 1));
      event.remove("attrs");

      assertSingleError(
          shortIds.validate(event),
          BAD_VALUE,
          "device_id",
          "must match [A-Za-z0-9._:-]{1,8}: got 10 characters");
    }

    @Test
    void shouldCheckDeviceIdsFromOtherChannels() {
      assertThat(validator.isValidDeviceId("gw.7:sensor_3-b")).isTrue();
      assertThat(validator.isValidDeviceId("gw 7")).isFalse();
      assertThat(validator.isValidDeviceId("")).isFalse();
      assertThatNullPointerException()
          .isThrownBy(() -> validator.isValidDeviceId(null))
          .withMessage("deviceId");
    }
  }

  @Nested
  class Type {

    @ParameterizedTest
    @CsvSource({"sensor, SENSOR", "user_action, USER_ACTION", "system, SYSTEM"})
    void shouldAcceptEveryEventType(String wireName, EventType expected) {
      assertThat(assertValid(validateWith("type", NODES.textNode(wireName))).type())
          .isEqualTo(expected);
    }

    @Test
    void shouldRejectMissingType() {
      assertSingleError(validateWithout("type"), MISSING_FIELD, "type", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SENSOR", "Sensor", "sensors", "", "user-action"})
    void shouldRejectUnknownTypeListingAllowedValues(String type) {
      assertSingleError(
          validateWith("type", NODES.textNode(type)),
          BAD_VALUE,
          "type",
          "must be one of sensor, user_action, system");
    }

    @Test
    void shouldRejectTypeThatIsNotAString() {
      assertSingleError(
          validateWith("type", NODES.arrayNode().add("sensor")),
          BAD_TYPE,
          "type",
          "must be a string, got an array");
    }
  }

  @Nested
  class Ts {

    @ParameterizedTest
    @CsvSource({
      "2026-11-22T10:00:00Z, 2026-11-22T10:00:00Z",
      "2026-11-22T10:00:00.123+01:00, 2026-11-22T09:00:00.123Z",
      "2026-11-22T10:00:00.123456789Z, 2026-11-22T10:00:00.123456789Z",
      "2026-11-22T10:00:00.5-05:30, 2026-11-22T15:30:00.5Z",
      "2026-11-22t10:00:00z, 2026-11-22T10:00:00Z",
      "2026-11-22T10:00:00-00:00, 2026-11-22T10:00:00Z",
      "2026-11-22T12:00:00+14:00, 2026-11-21T22:00:00Z"
    })
    void shouldAcceptRfc3339Variants(String ts, Instant expected) {
      assertThat(assertValid(validateWith("ts", NODES.textNode(ts))).ts()).isEqualTo(expected);
    }

    @Test
    void shouldAcceptEpochMilliseconds() {
      assertThat(assertValid(validateWith("ts", NODES.numberNode(NOW.toEpochMilli() - 1))).ts())
          .isEqualTo(NOW.minusMillis(1));
    }

    @Test
    void shouldRejectMissingTs() {
      assertSingleError(validateWithout("ts"), MISSING_FIELD, "ts", "is required");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "2026-11-22",
          "2026-11-22T10:00Z",
          "2026-11-22 10:00:00Z",
          "2026-11-22T10:00:00",
          "2026-11-22T10:00:00+0100",
          "2026-11-22T10:00:00+01",
          "2026-11-22T10:00:00.Z",
          "2026-11-22T10:00:00.1234567891Z",
          "+02026-11-22T10:00:00Z",
          "1795341600000",
          "Sun, 22 Nov 2026 10:00:00 GMT",
          "２０２６-11-22T10:00:00Z"
        })
    void shouldRejectTimestampStringsThatAreNotRfc3339(String ts) {
      assertSingleError(
          validateWith("ts", NODES.textNode(ts)),
          BAD_VALUE,
          "ts",
          "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z or"
              + " 2026-11-22T10:00:00.123+01:00");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "2026-02-30T10:00:00Z | Invalid date 'FEBRUARY 30'",
          "2026-11-22T24:00:00Z | Invalid value for HourOfDay (valid values 0 - 23): 24",
          "2026-12-31T23:59:60Z | Invalid value for SecondOfMinute (valid values 0 - 59): 60"
        })
    void shouldRejectRfc3339TimestampWithImpossibleValues(String ts, String detail) {
      assertSingleError(
          validateWith("ts", NODES.textNode(ts)),
          BAD_VALUE,
          "ts",
          "is not a valid date and time: " + detail);
    }

    @Test
    void shouldRejectFractionalEpochMilliseconds() {
      assertSingleError(
          validateWith("ts", NODES.numberNode(1795341600000.5)),
          BAD_VALUE,
          "ts",
          "must be an integer number of epoch milliseconds, got a fractional number");
    }

    @Test
    void shouldRejectNegativeEpochMilliseconds() {
      assertSingleError(
          validateWith("ts", NODES.numberNode(-1L)),
          BAD_VALUE,
          "ts",
          "must not be negative epoch milliseconds");
    }

    @Test
    void shouldRejectEpochMillisecondsBeyondLong() {
      assertSingleError(
          validateWith("ts", NODES.numberNode(BigInteger.TEN.pow(30))),
          BAD_VALUE,
          "ts",
          "is out of range for epoch milliseconds");
    }

    @Test
    void shouldRejectTsOfWrongType() {
      assertSingleError(
          validateWith("ts", NODES.objectNode()),
          BAD_TYPE,
          "ts",
          "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z or"
              + " 2026-11-22T10:00:00.123+01:00 or an integer number of epoch milliseconds,"
              + " got an object");
    }

    @Test
    void shouldAcceptTsExactlyAtFutureSkewLimit() {
      assertValid(validateWith("ts", NODES.textNode("2026-11-23T10:00:00Z")));
    }

    @Test
    void shouldRejectTsOneMillisecondBeyondFutureSkewSayingByHowMuch() {
      assertSingleError(
          validateWith("ts", NODES.textNode("2026-11-23T10:00:00.001Z")),
          TS_OUT_OF_RANGE,
          "ts",
          "is 1ms later than allowed: must be at most 1d after the server time"
              + " 2026-11-22T10:00:00Z");
    }

    @Test
    void shouldAcceptTsExactlyAtMaximumAge() {
      assertValid(
          validateWith("ts", NODES.numberNode(NOW.minus(Duration.ofHours(24)).toEpochMilli())));
    }

    @Test
    void shouldRejectTsOneMillisecondOlderThanMaximumAge() {
      assertSingleError(
          validateWith("ts", NODES.numberNode(NOW.minus(Duration.ofHours(24)).toEpochMilli() - 1)),
          TS_OUT_OF_RANGE,
          "ts",
          "is 1ms earlier than allowed: must be at most 1d before the server time"
              + " 2026-11-22T10:00:00Z");
    }

    @Test
    void shouldRejectTsFarInTheFutureWithReadableAmount() {
      assertSingleError(
          validateWith("ts", NODES.textNode("2026-11-25T12:30:05.250Z")),
          TS_OUT_OF_RANGE,
          "ts",
          "is 2d 2h 30m 5s 250ms later than allowed: must be at most 1d after the server time"
              + " 2026-11-22T10:00:00Z");
    }

    @Test
    void shouldHintAtEpochSecondsWhenTsIsOldButValidAsSeconds() {
      assertSingleError(
          validateWith("ts", NODES.numberNode(NOW.getEpochSecond())),
          TS_OUT_OF_RANGE,
          "ts",
          "is 20757d 15h 17m 38s 400ms earlier than allowed: must be at most 1d before the server"
              + " time 2026-11-22T10:00:00Z; ts is read as epoch milliseconds and this looks like"
              + " epoch seconds");
    }

    @Test
    void shouldUseConfiguredRangeAndClock() {
      EventValidator strict =
          new EventValidator(
              new ValidationLimits(64, 64, 16 * 1024, 128, Duration.ofMinutes(5), Duration.ZERO),
              CLOCK);

      assertValid(strict.validate(sensorEvent()));
      ObjectNode event = sensorEvent();
      event.put("ts", "2026-11-22T09:59:59Z");
      assertSingleError(
          strict.validate(event),
          TS_OUT_OF_RANGE,
          "ts",
          "is 1s earlier than allowed: must be at most 0ms before the server time"
              + " 2026-11-22T10:00:00Z");
    }
  }

  @Nested
  class Metrics {

    @Test
    void shouldAcceptIntegerAndNegativeAndHugeFiniteMetrics() {
      ObjectNode event = sensorEvent();
      event.set(
          "metrics",
          json(
              "{\"a\": 1, \"b\": -2.5e-3, \"c\": 1.7e308, \"d\": 123456789012345678901234567890}"));

      assertThat(assertValid(validator.validate(event)).metrics())
          .containsExactly(
              Map.entry("a", 1.0),
              Map.entry("b", -2.5e-3),
              Map.entry("c", 1.7e308),
              Map.entry("d", 1.2345678901234568e29));
    }

    @Test
    void shouldRequireMetricsForSensorEvents() {
      assertSingleError(
          validateWithout("metrics"), MISSING_FIELD, "metrics", "is required for type sensor");
    }

    @Test
    void shouldRejectEmptyMetricsForSensorEvents() {
      assertSingleError(
          validateWith("metrics", NODES.objectNode()),
          BAD_VALUE,
          "metrics",
          "must contain at least one metric for type sensor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_action", "system"})
    void shouldAllowMissingOrEmptyMetricsForOtherTypes(String type) {
      ObjectNode event = sensorEvent();
      event.put("type", type);
      event.remove("metrics");
      assertValid(validator.validate(event));

      event.putObject("metrics");
      assertValid(validator.validate(event));
    }

    @Test
    void shouldCheckMetricsOfNonSensorEventsWhenPresent() {
      ObjectNode event = sensorEvent();
      event.put("type", "user_action");
      event.set("metrics", json("{\"clicks\": \"3\"}"));

      assertSingleError(
          validator.validate(event), BAD_TYPE, "metrics.clicks", "must be a number, got a string");
    }

    @Test
    void shouldRejectMetricsThatAreNotAnObject() {
      assertSingleError(
          validateWith("metrics", NODES.arrayNode().add(1)),
          BAD_TYPE,
          "metrics",
          "must be an object, got an array");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "\"21.5\" | a string",
          "true | a boolean",
          "{\"value\": 21.5} | an object",
          "[21.5] | an array",
          "null | null"
        })
    void shouldRejectMetricValuesThatAreNotNumbers(String value, String described) {
      assertSingleError(
          validateWith("metrics", json("{\"temperature\": " + value + "}")),
          BAD_TYPE,
          "metrics.temperature",
          "must be a number, got " + described);
    }

    @Test
    void shouldRejectMetricThatOverflowsToInfinity() throws Exception {
      ObjectNode event =
          (ObjectNode)
              EventJson.mapper()
                  .readTree(
                      """
                      {"device_id": "d", "type": "sensor", "ts": "2026-11-22T10:00:00Z",
                       "metrics": {"temperature": 1e400, "pressure": -1e400}}
                      """);

      ValidationResult.Invalid invalid = assertInvalid(validator.validate(event));

      assertThat(invalid.reason()).isEqualTo(BAD_VALUE);
      assertThat(invalid.errors())
          .containsExactly(
              new FieldError("metrics.temperature", "must be a finite number"),
              new FieldError("metrics.pressure", "must be a finite number"));
    }

    @Test
    void shouldRejectNaNMetricFromProgrammaticNode() {
      assertSingleError(
          validateWith("metrics", NODES.objectNode().put("x", Double.NaN)),
          BAD_VALUE,
          "metrics.x",
          "must be a finite number");
    }

    @Test
    void shouldAcceptSixtyFourMetrics() {
      assertThat(assertValid(validateWith("metrics", metricsOfSize(64))).metrics()).hasSize(64);
    }

    @Test
    void shouldRejectSixtyFiveMetricsWithoutCheckingEach() {
      ObjectNode metrics = metricsOfSize(65);
      metrics.put("m0", "not a number");

      assertSingleError(
          validateWith("metrics", metrics),
          TOO_LARGE,
          "metrics",
          "must have at most 64 entries, got 65");
    }

    @Test
    void shouldRejectEmptyMetricName() {
      assertSingleError(
          validateWith("metrics", json("{\"\": 1}")),
          BAD_VALUE,
          "metrics.",
          "name must not be empty");
    }

    @Test
    void shouldRejectLongMetricNameShowingItShortened() {
      String name = "m".repeat(129);

      assertSingleError(
          validateWith("metrics", NODES.objectNode().put(name, 1)),
          BAD_VALUE,
          "metrics." + "m".repeat(128) + "...",
          "name must be at most 128 characters, got 129");
    }

    @Test
    void shouldRejectMetricNameWithControlCharacterShowingItEscaped() {
      assertSingleError(
          validateWith("metrics", NODES.objectNode().put("temp\u001b[31m", 1)),
          BAD_VALUE,
          "metrics.temp\\u001B[31m",
          "name must not contain control character U+001B at index 4");
    }

    @Test
    void shouldAcceptUnicodeMetricName() {
      assertThat(
              assertValid(validateWith("metrics", NODES.objectNode().put("température °C", 1)))
                  .metrics())
          .containsKey("température °C");
    }

    private static ObjectNode metricsOfSize(int size) {
      ObjectNode metrics = NODES.objectNode();
      for (int i = 0; i < size; i++) {
        metrics.put("m" + i, i);
      }
      return metrics;
    }
  }

  @Nested
  class Attrs {

    @Test
    void shouldAcceptMissingAttrs() {
      assertThat(assertValid(validateWithout("attrs")).attrs()).isEmpty();
    }

    @Test
    void shouldAcceptFreeTextAttrValues() {
      ObjectNode attrs =
          NODES
              .objectNode()
              .put("note", "line 1\nline 2\ttabbed")
              .put("place", "Zürich 🇨🇭")
              .put("empty", "");

      assertThat(assertValid(validateWith("attrs", attrs)).attrs())
          .containsExactly(
              Map.entry("note", "line 1\nline 2\ttabbed"),
              Map.entry("place", "Zürich 🇨🇭"),
              Map.entry("empty", ""));
    }

    @Test
    void shouldRejectAttrsThatAreNotAnObject() {
      assertSingleError(
          validateWith("attrs", NODES.textNode("firmware=1.4.2")),
          BAD_TYPE,
          "attrs",
          "must be an object, got a string");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "1.4 | a number",
          "false | a boolean",
          "{} | an object",
          "[] | an array",
          "null | null"
        })
    void shouldRejectAttrValuesThatAreNotStrings(String value, String described) {
      assertSingleError(
          validateWith("attrs", json("{\"firmware\": " + value + "}")),
          BAD_TYPE,
          "attrs.firmware",
          "must be a string, got " + described);
    }

    @Test
    void shouldAcceptAttrValueOf1024Characters() {
      assertValid(validateWith("attrs", NODES.objectNode().put("note", "n".repeat(1024))));
    }

    @Test
    void shouldRejectAttrValueLongerThan1024Characters() {
      assertSingleError(
          validateWith("attrs", NODES.objectNode().put("note", "n".repeat(1025))),
          BAD_VALUE,
          "attrs.note",
          "must be at most 1024 characters, got 1025");
    }

    @Test
    void shouldRejectAttrValueWithNul() {
      assertSingleError(
          validateWith("attrs", NODES.objectNode().put("note", "a\u0000b")),
          BAD_VALUE,
          "attrs.note",
          "must not contain control character U+0000 at index 1");
    }

    @Test
    void shouldRejectAttrValueWithUnpairedSurrogate() {
      assertSingleError(
          validateWith("attrs", NODES.objectNode().put("note", "ok\uDC00")),
          BAD_VALUE,
          "attrs.note",
          "must not contain unpaired surrogate U+DC00 at index 2");
    }

    @Test
    void shouldRejectAttrNameWithControlCharacter() {
      assertSingleError(
          validateWith("attrs", NODES.objectNode().put("a\tb", "v")),
          BAD_VALUE,
          "attrs.a\\u0009b",
          "name must not contain control character U+0009 at index 1");
    }

    @Test
    void shouldAcceptSixtyFourAttrs() {
      assertThat(assertValid(validateWith("attrs", attrsOfSize(64))).attrs()).hasSize(64);
    }

    @Test
    void shouldRejectSixtyFiveAttrs() {
      assertSingleError(
          validateWith("attrs", attrsOfSize(65)),
          TOO_LARGE,
          "attrs",
          "must have at most 64 entries, got 65");
    }

    @Test
    void shouldReportEveryBadAttrOfAnEvent() {
      ValidationResult.Invalid invalid =
          assertInvalid(
              validateWith("attrs", json("{\"a\": 1, \"ok\": \"v\", \"b\": [], \"\": \"x\"}")));

      assertThat(invalid.errors())
          .containsExactly(
              new FieldError("attrs.a", "must be a string, got a number"),
              new FieldError("attrs.b", "must be a string, got an array"),
              new FieldError("attrs.", "name must not be empty"));
    }

    private static ObjectNode attrsOfSize(int size) {
      ObjectNode attrs = NODES.objectNode();
      for (int i = 0; i < size; i++) {
        attrs.put("a" + i, "v");
      }
      return attrs;
    }
  }
}
