package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Instant TIME = Instant.parse("2026-11-22T10:00:00.123Z");

  @Test
  void shouldWriteEveryHeaderAsUtf8() {
    Headers headers =
        DeadLetters.headers(
            "missing_field",
            "device_id: is required",
            "validate",
            "http",
            "cj.events.raw",
            3,
            42,
            TIME);

    assertThat(headers.toArray())
        .extracting(header -> header.key() + "=" + new String(header.value(), UTF_8))
        .containsExactly(
            "cj.dlq.reason=missing_field",
            "cj.dlq.message=device_id: is required",
            "cj.dlq.stage=validate",
            "cj.dlq.source=http",
            "cj.dlq.origin=cj.events.raw/3/42",
            "cj.dlq.time=2026-11-22T10:00:00.123Z");
  }

  @Test
  void shouldReadBackWhatItWrote() {
    byte[] value = {1, 2, 3};
    Headers headers = DeadLetters.headers("bad_type", "m", "score", "mqtt", "t.a-b_c", 0, 7, TIME);

    assertThat(DeadLetters.read(headers, value))
        .isEqualTo(
            new DeadLetters.DeadLetter(
                "bad_type", "m", "score", "mqtt", "t.a-b_c", 0, 7, TIME, value.clone()));
  }

  @Test
  void shouldLeaveOriginOutWhenThereIsNone() {
    Headers headers = DeadLetters.headers("r", null, "sink", null, null, -1, -1, TIME);

    assertThat(headers.lastHeader(DeadLetters.ORIGIN)).isNull();
    DeadLetters.DeadLetter deadLetter = DeadLetters.read(headers, null);
    assertThat(deadLetter.origin()).isNull();
    assertThat(deadLetter.message()).isEmpty();
    assertThat(deadLetter.source()).isEqualTo("unknown");
    assertThat(deadLetter.originPartition()).isEqualTo(-1);
  }

  @Test
  void shouldShortenLongMessagesAndEscapeControlCharacters() {
    Headers headers =
        DeadLetters.headers("r", "a\nb" + "x".repeat(5000), "validate", "http", "t", 0, 0, TIME);

    // 2000 characters kept (a, the line feed, b and 1997 x), the line feed escaped, then "..."
    assertThat(DeadLetters.read(headers, null).message())
        .isEqualTo("a\\u000Ab" + "x".repeat(DeadLetters.MAX_MESSAGE_LENGTH - 3) + "...");
  }

  @Test
  void shouldRejectRecordWithoutReason() {
    Headers headers = new RecordHeaders();
    headers.add(DeadLetters.STAGE, "validate".getBytes(UTF_8));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeadLetters.read(headers, null))
        .withMessage("not a dead letter: header cj.dlq.reason is missing");
  }

  @Test
  void shouldRejectMalformedOrigin() {
    Headers headers = DeadLetters.headers("r", "m", "validate", "http", null, 0, 0, TIME);
    headers.add(DeadLetters.ORIGIN, "topic-only".getBytes(UTF_8));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeadLetters.read(headers, null))
        .withMessage("header cj.dlq.origin must be topic/partition/offset, got 'topic-only'");
  }
}
