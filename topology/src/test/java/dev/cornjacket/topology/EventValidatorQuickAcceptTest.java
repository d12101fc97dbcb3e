package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventValidator#quickAccept}: it accepts the plain events devices send, and never accepts
 * what the full path ({@link EventJson#readTree} then {@link EventValidator#validate(JsonNode,
 * int)}) rejects, nor gives another {@link Event}.
 */
class EventValidatorQuickAcceptTest {

  private static final List<String> PLAIN_EVENTS =
      List.of(
          """
          {"event_id":"e-1","device_id":"dev-1","type":"sensor","ts":"2026-11-22T09:59:00Z",\
          "metrics":{"temp":21.5,"rh":40,"co2":-3.25E2,"big":9007199254740993},\
          "attrs":{"firmware":"1.4.2","site":"plant-3"}}""",
          """
          {"device_id":"dev-1","type":"sensor","ts":1795341540000,"metrics":{"t":1}}""",
          """
          { "type" : "user_action" , "device_id" : "door.7:a_b-c" , "ts" : \
          "2026-11-22T10:00:00.123+01:00" }""",
          """
          {"device_id":"d","type":"system","ts":"2026-11-22T10:00:00Z","metrics":{},\
          "attrs":{"note":"tab\\tand line\\nbreak"}}""");

  private final EventValidator validator = TestEvents.validator();

  /** The full path's verdict on {@code json}. */
  private ValidationResult fullVerdict(byte[] json) {
    JsonNode node;
    try {
      node = EventJson.readTree(json);
    } catch (JsonProcessingException e) {
      return new ValidationResult.Invalid(
          RejectReason.INVALID_JSON, List.of(new FieldError(FieldError.ROOT, "not JSON")));
    }
    return validator.validate(node, json.length);
  }

  /** Asserts that a quick accept is also a full accept, with an equal event; returns it. */
  private Event assertAgrees(byte[] json) {
    Event quick = validator.quickAccept(json);
    assertThat(validator.quickAcceptIds(json))
        .as("ids accepted without keeping the rest: %s", new String(json, UTF_8))
        .isEqualTo(idsOf(quick));
    if (quick != null) {
      assertThat(fullVerdict(json))
          .as("accepted quickly: %s", new String(json, UTF_8))
          .isInstanceOfSatisfying(
              ValidationResult.Valid.class, valid -> assertThat(valid.event()).isEqualTo(quick));
    }
    return quick;
  }

  private static EventValidator.AcceptedIds idsOf(Event event) {
    return event == null ? null : new EventValidator.AcceptedIds(event.eventId(), event.deviceId());
  }

  @Test
  void shouldReadPlainEventsWithoutKeepingTheirMetricsAndAttributes() {
    for (String json : PLAIN_EVENTS) {
      PlainEventReader.Fields kept =
          PlainEventReader.read(json.getBytes(UTF_8), validator.limits());
      PlainEventReader.Fields checked =
          PlainEventReader.check(json.getBytes(UTF_8), validator.limits());

      if (json.contains("\\")) {
        // an escape: the keeping read judges it, and the event is still accepted quickly
        assertThat(checked).as(json).isNull();
        assertThat(validator.quickAcceptIds(json.getBytes(UTF_8))).isNotNull();
        continue;
      }
      assertThat(checked).as(json).isNotNull();
      assertThat(checked.metrics()).isEmpty();
      assertThat(checked.attrs()).isEmpty();
      assertThat(checked.metricCount()).isEqualTo(kept.metrics().size());
      assertThat(checked.shortestName()).isEqualTo(kept.shortestName());
      assertThat(checked.longestName()).isEqualTo(kept.longestName());
      assertThat(checked.longestValue()).isEqualTo(kept.longestValue());
      assertThat(checked.eventId()).isEqualTo(kept.eventId());
      assertThat(checked.deviceId()).isEqualTo(kept.deviceId());
    }
  }

  /** Past the first eight names the ranges compared for repeats are kept in a larger array. */
  @Test
  void shouldTellRepeatedNamesAmongManyWithoutKeepingThem() {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      metrics.append(i == 0 ? "" : ",").append("\"metric-").append(i).append("\":").append(i);
    }
    String many =
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{"
            + metrics
            + "},\"attrs\":{\"a\":\"x\",\"b\":\"y\"}}";
    String repeatedMetric = many.replace("\"metric-19\"", "\"metric-3\"");
    String repeatedAttr = many.replace("\"b\":", "\"a\":");

    assertThat(PlainEventReader.check(many.getBytes(UTF_8), validator.limits()).metricCount())
        .isEqualTo(20);
    assertThat(assertAgrees(many.getBytes(UTF_8))).isNotNull();
    assertThat(assertAgrees(repeatedMetric.getBytes(UTF_8))).isNull();
    assertThat(assertAgrees(repeatedAttr.getBytes(UTF_8))).isNull();
  }

  @Test
  void shouldAcceptPlainEventsAsTheFullPathDoes() {
    for (String json : PLAIN_EVENTS) {
      assertThat(assertAgrees(json.getBytes(UTF_8))).as(json).isNotNull();
    }
  }

  @Test
  void shouldKeepTheOrderOfMetricsAndAttributes() {
    Event event = validator.quickAccept(PLAIN_EVENTS.getFirst().getBytes(UTF_8));

    assertThat(event.metrics())
        .containsExactly(
            java.util.Map.entry("temp", 21.5),
            java.util.Map.entry("rh", 40.0),
            java.util.Map.entry("co2", -325.0),
            java.util.Map.entry("big", 9007199254740993.0));
    assertThat(event.attrs()).containsKeys("firmware", "site");
    assertThat(event.eventId()).isEqualTo("e-1");
  }

  @Test
  void shouldLeaveTheEventIdToTheCallerWhenAbsent() {
    Event event = validator.quickAccept(PLAIN_EVENTS.get(1).getBytes(UTF_8));

    assertThat(event.eventId()).isNull();
    assertThat(event.deviceId()).isEqualTo("dev-1");
  }

  /** Invalid events, and valid ones outside the plain shape: the full path judges them all. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        // not valid
        "{\"device_id\":\"dev 1\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"Sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":99999999999999,\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":-1,\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1.7E12,\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"2026-02-30T10:00:00Z\",\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":\"yesterday\",\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1e400}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":\"1\"}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"a\\u0001\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1,\"t\":2}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"attrs\":{\"a\":\"\\u0000\"}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"attrs\":{\"a\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"source\":\"http\"}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1}} {}",
        "{\"event_id\":1,\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,"
            + "\"metrics\":{\"t\":1}}",
        "{\"event_id\":\"\",\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,"
            + "\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1}",
        "[{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1}}]",
        // valid, but not plain
        "{\"event_id\":null,\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,"
            + "\"metrics\":{\"t\":1}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"firmware\":\"newer field\"}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,"
            + "\"metrics\":{\"t\":123456789012345678901234567890}}",
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"attrs\":{\"city\":\"Z\u00fcrich\"}}",
      })
  void shouldLeaveAnythingButPlainValidEventsToTheFullPath(String json) {
    assertThat(validator.quickAccept(json.getBytes(UTF_8))).isNull();
    assertThat(validator.quickAcceptIds(json.getBytes(UTF_8))).isNull();
  }

  @Test
  void shouldLeaveTooManyMetricsAndOversizedEventsToTheFullPath() {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i <= validator.limits().maxMetrics(); i++) {
      metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":1");
    }
    String tooMany =
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{"
            + metrics
            + "}}";
    String tooLarge =
        "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":1},"
            + "\"attrs\":{\"a\":\""
            + "x".repeat(validator.limits().maxEventBytes())
            + "\"}}";

    assertThat(validator.quickAccept(tooMany.getBytes(UTF_8))).isNull();
    assertThat(validator.quickAccept(tooLarge.getBytes(UTF_8))).isNull();
    assertThat(validator.quickAcceptIds(tooMany.getBytes(UTF_8))).isNull();
    assertThat(validator.quickAcceptIds(tooLarge.getBytes(UTF_8))).isNull();
  }

  /**
   * Ids and names of printable ASCII skip the walk for forbidden characters: their length is all
   * that is left to check, and DEL (0x7F), the one control character in that byte range, still
   * takes the full path.
   */
  @Test
  void shouldCheckTheLengthOfPlainIdsAndNamesAndLeaveDelToTheFullPath() {
    int max = validator.limits().maxIdLength();
    String longest = "e".repeat(max);
    String tooLong = "e".repeat(max + 1);

    assertThat(assertAgrees(eventWithId(longest))).isNotNull();
    assertThat(assertAgrees(eventWithId(tooLong))).isNull();
    assertThat(assertAgrees(eventWithId("e1"))).isNull();
    assertThat(assertAgrees(sensorWithMetricName(longest))).isNotNull();
    assertThat(assertAgrees(sensorWithMetricName(tooLong))).isNull();
    assertThat(
            assertAgrees(
                ("{\"device_id\":\"d\",\"type\":\"system\",\"ts\":1795341540000,"
                        + "\"attrs\":{\"n\":\""
                        + "v".repeat(ValidationLimits.MAX_ATTR_VALUE_LENGTH + 1)
                        + "\"}}")
                    .getBytes(UTF_8)))
        .isNull();
  }

  private static byte[] eventWithId(String eventId) {
    return ("{\"event_id\":\""
            + eventId
            + "\",\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,"
            + "\"metrics\":{\"t\":1}}")
        .getBytes(UTF_8);
  }

  private static byte[] sensorWithMetricName(String name) {
    return ("{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\""
            + name
            + "\":1}}")
        .getBytes(UTF_8);
  }

  /**
   * Numbers and strings at the edges of the JSON grammar, where a scanner and a parser could
   * disagree: whatever is accepted quickly is accepted by the full path as the same event, and the
   * plain ones are accepted quickly.
   */
  @Test
  void shouldAgreeWithTheFullPathOnTheEdgesOfNumbersAndStrings() {
    List<String> accepted =
        List.of(
            "0",
            "-0",
            "-0.0",
            "1E+2",
            "1e-2",
            "0.5e-3",
            "-12.75",
            "9223372036854775807",
            "-9223372036854775808",
            "4.9e-324",
            "1.7976931348623157e308",
            "123456789.123456789");
    List<String> declined =
        List.of(
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "1e+",
            "+1",
            "0x10",
            "1.2.3",
            "--1",
            "9223372036854775808",
            "1e400",
            "NaN",
            "Infinity",
            "true",
            "null",
            "\"1\"",
            "1" + "0".repeat(120));
    for (String number : accepted) {
      String json = sensorWithMetric(number);
      assertThat(assertAgrees(json.getBytes(UTF_8))).as(json).isNotNull();
    }
    for (String number : declined) {
      String json = sensorWithMetric(number);
      assertThat(assertAgrees(json.getBytes(UTF_8))).as(json).isNull();
    }
    List<String> strings =
        List.of(
            "\\u0041bc",
            "a\\/b",
            "a\\\"b",
            "tab\\tx",
            "a\u007fb",
            "a\u0001b",
            "a\\u00e9b",
            "a\\u0000b",
            "a\\ud800b",
            "a\\x",
            "a\\u12",
            "\\");
    for (String text : strings) {
      for (String json :
          List.of(
              "{\"device_id\":\"d\",\"type\":\"system\",\"ts\":1795341540000,\"attrs\":{\"n\":\""
                  + text
                  + "\"}}",
              "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\""
                  + text
                  + "\":1}}")) {
        assertAgrees(json.getBytes(UTF_8));
      }
    }
  }

  /** A sensor event whose one metric is the JSON literal {@code number}. */
  private static String sensorWithMetric(String number) {
    return "{\"device_id\":\"d\",\"type\":\"sensor\",\"ts\":1795341540000,\"metrics\":{\"t\":"
        + number
        + "}}";
  }

  /**
   * Random edits of plain events ({@link JsonEdits}): whatever is accepted quickly must be accepted
   * by the full path too, as the same event.
   */
  @Test
  void shouldNeverAcceptWhatTheFullPathRejects() {
    Random random = new Random(7);
    int quick = 0;
    int declined = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] json =
          JsonEdits.edit(
              PLAIN_EVENTS.get(random.nextInt(PLAIN_EVENTS.size())).getBytes(UTF_8), random, 3);
      if (assertAgrees(json) != null) {
        quick++;
      } else {
        declined++;
      }
    }
    // Both sides of the check were exercised, many times.
    assertThat(quick).isGreaterThan(1_000);
    assertThat(declined).isGreaterThan(1_000);
  }
}
