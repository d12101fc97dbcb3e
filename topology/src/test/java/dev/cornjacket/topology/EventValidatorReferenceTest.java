package dev.cornjacket.topology;

import static dev.cornjacket.topology.TestEvents.assertSingleError;
import static dev.cornjacket.topology.TestEvents.assertValid;
import static dev.cornjacket.topology.TestEvents.json;
import static dev.cornjacket.topology.TestEvents.validator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code ts} checked against a given instant (the envelope's received_at), not the clock. */
class EventValidatorReferenceTest {

  private static final Instant RECEIVED = Instant.parse("2014-04-10T00:00:00Z");

  private static String eventAt(String ts) {
    return "{\"event_id\":\"e\",\"device_id\":\"d\",\"type\":\"system\",\"ts\":\"" + ts + "\"}";
  }

  @Test
  void shouldAcceptOldEventThatWasRecentWhenReceived() {
    Event event =
        assertValid(validator().validate(json(eventAt("2014-04-09T23:00:00Z")), 10, RECEIVED));

    assertThat(event.ts()).isEqualTo(Instant.parse("2014-04-09T23:00:00Z"));
  }

  @Test
  void shouldStillRejectThatEventAgainstTheClock() {
    assertThat(validator().validate(json(eventAt("2014-04-09T23:00:00Z")), 10))
        .isInstanceOf(ValidationResult.Invalid.class);
  }

  @Test
  void shouldRejectTsTooFarAfterReferenceNamingIt() {
    assertSingleError(
        validator().validate(json(eventAt("2014-04-11T00:00:00.001Z")), 10, RECEIVED),
        RejectReason.TS_OUT_OF_RANGE,
        "ts",
        "is 1ms later than allowed: must be at most 1d after the time of receipt 2014-04-10T00:00:00Z");
  }

  @Test
  void shouldRejectTsTooLongBeforeReference() {
    assertSingleError(
        validator().validate(json(eventAt("2014-04-08T23:59:59.999Z")), 10, RECEIVED),
        RejectReason.TS_OUT_OF_RANGE,
        "ts",
        "is 1ms earlier than allowed: must be at most 1d before the time of receipt 2014-04-10T00:00:00Z");
  }

  @Test
  void shouldCheckSizeAsWithoutReference() {
    assertSingleError(
        validator().validate(json(eventAt("2014-04-10T00:00:00Z")), 16385, RECEIVED),
        RejectReason.TOO_LARGE,
        "$",
        "must be at most 16384 bytes, got 16385");
  }

  @Test
  void shouldRequireReference() {
    assertThatNullPointerException()
        .isThrownBy(() -> validator().validate(json(eventAt("2014-04-10T00:00:00Z")), 10, null))
        .withMessage("reference");
  }
}
