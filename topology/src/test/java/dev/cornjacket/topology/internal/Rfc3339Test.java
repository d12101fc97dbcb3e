package dev.cornjacket.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

  @Test
  void shouldParseOffsetsToInstants() {
    assertThat(Rfc3339.parse("2026-11-22T10:00:00.123+01:00"))
        .isEqualTo(Instant.parse("2026-11-22T09:00:00.123Z"));
  }

  @Test
  void shouldRefuseShapesThatIsoParsingWouldAccept() {
    assertThat(Rfc3339.hasShape("2026-11-22T10:00Z")).isFalse();
    assertThat(Rfc3339.hasShape("2026-11-22T10:00:00+01")).isFalse();
    assertThat(Rfc3339.hasShape("+12026-11-22T10:00:00Z")).isFalse();
  }

  @Test
  void shouldThrowOnWrongShapeWithTheText() {
    assertThatExceptionOfType(DateTimeParseException.class)
        .isThrownBy(() -> Rfc3339.parse("yesterday"))
        .withMessage("Text is not an RFC 3339 timestamp")
        .satisfies(e -> assertThat(e.getParsedString()).isEqualTo("yesterday"));
  }

  @Test
  void shouldFormatExactlyAsIsoInstantAndParseBack() {
    Random random = new Random(42);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(max);
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);

      String text = Rfc3339.format(instant);

      assertThat(text).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
      assertThat(Rfc3339.parse(text)).isEqualTo(instant);
    }
  }

  @Test
  void shouldFormatYearsBeyondFourDigitsAsIsoInstantDoes() {
    Instant far = Instant.parse("+12026-01-02T03:04:05.000000006Z");
    Instant early = Instant.parse("-0001-01-01T00:00:00Z");

    assertThat(Rfc3339.format(far)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(far));
    assertThat(Rfc3339.format(early)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(early));
    assertThat(Rfc3339.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
  }
}
