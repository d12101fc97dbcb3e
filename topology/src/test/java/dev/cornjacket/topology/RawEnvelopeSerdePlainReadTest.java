package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RawEnvelopeSerde#readPlain}, the topology's fast path: it reads what the front ends write,
 * leaves everything else to {@link RawEnvelopeSerde#read}, and never reads anything differently;
 * with {@link EventValidator#quickAccept(byte[], Instant)} it never accepts what the full path
 * rejects.
 */
class RawEnvelopeSerdePlainReadTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00.123Z");

  private static final List<String> EVENTS =
      List.of(
          """
          {"event_id":"e-1","device_id":"dev-1","type":"sensor","ts":"2026-11-22T09:59:00Z",\
          "metrics":{"temp":21.5,"rh":40},"attrs":{"firmware":"1.4.2"}}""",
          """
          {"event_id":"e-2","device_id":"dev-2","type":"sensor","ts":1795341540000,\
          "metrics":{"t":1}}""",
          """
          {"event_id":"e-3","device_id":"dev-3","type":"user_action","ts":"2026-11-22T10:00:00Z",\
          "extra":{"nested":[1,2,{"x":"}"}]}}""");

  private final EventValidator validator = TestEvents.validator();

  @Test
  void shouldReadWhatTheFrontEndsWrite() {
    for (String event : EVENTS) {
      for (String principal : List.of("anonymous", "gateway \"7\"")) {
        byte[] json = event.getBytes(UTF_8);
        byte[] bytes = RawEnvelopeSerde.encode(json, RECEIVED, RawEnvelope.SOURCE_MQTT, principal);

        RawEnvelopeSerde.PlainEnvelope plain = RawEnvelopeSerde.readPlain(bytes);

        assertThat(plain).as(new String(bytes, UTF_8)).isNotNull();
        assertThat(plain.eventJson()).isEqualTo(json);
        assertThat(plain.eventLength()).isEqualTo(json.length);
        assertThat(plain.ingest())
            .isEqualTo(new Event.Ingest(RECEIVED, RawEnvelope.SOURCE_MQTT, principal));
      }
    }
  }

  @Test
  void shouldReadWhitespaceAndAnyFieldOrderAsTheFullReaderDoes() {
    byte[] bytes =
        """
        { "principal" : "p", "source":"http",
          "event" : {"event_id":"e","device_id":"d","type":"system","ts":"2026-11-22T10:00:00Z"},
          "received_at":"2026-11-22T11:00:00.5+01:00" }
        """
            .getBytes(UTF_8);

    assertAgreesWithFullPath(bytes);
    assertThat(RawEnvelopeSerde.readPlain(bytes)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\"}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"p\",\"more\":1}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"source\":\"mqtt\",\"principal\":\"p\"}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"p\",\"principal\":\"q\",\"principal\":\"r\"}",
        "{\"event\":[],\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"p\"}",
        "{\"event\":{},\"received_at\":\"yesterday\",\"source\":\"http\",\"principal\":\"p\"}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"Ftp!\","
            + "\"principal\":\"p\"}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"caf\u00e9\"}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":7}",
        "{\"event\":{},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"p\"} {}",
        "{\"event\":{\"a\":},\"received_at\":\"2026-11-22T10:00:00Z\",\"source\":\"http\","
            + "\"principal\":\"p\"}"
      })
  void shouldLeaveEverythingElseToTheFullReader(String envelope) {
    assertThat(RawEnvelopeSerde.readPlain(envelope.getBytes(UTF_8))).isNull();
  }

  /**
   * Random edits of written envelopes ({@link JsonEdits}): whatever the fast path reads, the full
   * reader reads the same; whatever it then accepts, the full path accepts as the same event.
   */
  @Test
  void shouldNeverReadOrAcceptWhatTheFullPathWouldNot() {
    Random random = new Random(11);
    int accepted = 0;
    int declined = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] event = EVENTS.get(random.nextInt(EVENTS.size())).getBytes(UTF_8);
      byte[] bytes =
          JsonEdits.edit(
              RawEnvelopeSerde.encode(event, RECEIVED, RawEnvelope.SOURCE_HTTP, "gw"), random, 2);
      if (assertAgreesWithFullPath(bytes)) {
        accepted++;
      } else {
        declined++;
      }
    }
    assertThat(accepted).isGreaterThan(1_000);
    assertThat(declined).isGreaterThan(1_000);
  }

  /**
   * Asserts that what the fast path reads, the full reader reads the same way, and that an event
   * the fast path then accepts, the full path accepts as the same event; returns whether accepted.
   */
  private boolean assertAgreesWithFullPath(byte[] bytes) {
    RawEnvelopeSerde.PlainEnvelope plain = RawEnvelopeSerde.readPlain(bytes);
    if (plain == null) {
      return false;
    }
    String text = new String(bytes, UTF_8);
    Event quick =
        plain.eventLength() > validator.limits().maxEventBytes()
            ? null
            : validator.quickAccept(plain.eventJson(), plain.ingest().receivedAt());
    boolean accepted = quick != null && quick.eventId() != null;
    RawEnvelope envelope;
    try {
      envelope = RawEnvelopeSerde.read("raw", bytes);
    } catch (RawEnvelopeSerde.MalformedEnvelopeException e) {
      // The fast path only checks that the event is balanced JSON; quickAccept must decline what
      // the full reader finds malformed in it (a repeated key, no event_id).
      assertThat(accepted).as("accepted quickly: %s (%s)", text, e.getMessage()).isFalse();
      return false;
    }
    assertThat(plain.ingest()).as(text).isEqualTo(Event.Ingest.of(envelope));
    assertThat(plain.eventLength())
        .as(text)
        .isEqualTo(RawEnvelopeSerde.eventLength(bytes, envelope));
    try {
      assertThat(EventJson.readTree(plain.eventJson())).as(text).isEqualTo(envelope.event());
    } catch (JsonProcessingException e) {
      throw new AssertionError("the event read quickly is not JSON: " + text, e);
    }
    if (accepted) {
      assertThat(
              validator.validate(
                  envelope.event(),
                  RawEnvelopeSerde.eventLength(bytes, envelope),
                  envelope.receivedAt()))
          .as("accepted quickly: %s", text)
          .isInstanceOfSatisfying(
              ValidationResult.Valid.class, valid -> assertThat(valid.event()).isEqualTo(quick));
    }
    return accepted;
  }
}
