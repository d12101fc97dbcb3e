package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared fixtures: a valid event, a fixed clock, assertions on results. */
final class TestEvents {

  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestEvents() {}

  static EventValidator validator() {
    return new EventValidator(ValidationLimits.DEFAULTS, CLOCK);
  }

  /** A valid sensor event; tests change one thing about it. */
  static ObjectNode sensorEvent() {
    return json(
        """
        {"event_id": "e-1", "device_id": "dev-1", "type": "sensor", "ts": "2026-11-22T10:00:00Z",
         "metrics": {"temperature": 21.5, "humidity": 40}, "attrs": {"firmware": "1.4.2"}}
        """);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) EventJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Event assertValid(ValidationResult result) {
    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    return ((ValidationResult.Valid) result).event();
  }

  static ValidationResult.Invalid assertInvalid(ValidationResult result) {
    assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
    return (ValidationResult.Invalid) result;
  }

  /** Asserts that {@code result} has exactly this one error. */
  static void assertSingleError(
      ValidationResult result, RejectReason reason, String field, String message) {
    ValidationResult.Invalid invalid = assertInvalid(result);
    assertThat(invalid.errors()).containsExactly(new FieldError(field, message));
    assertThat(invalid.reason()).isEqualTo(reason);
  }
}
