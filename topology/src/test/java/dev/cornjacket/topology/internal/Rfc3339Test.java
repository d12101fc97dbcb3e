package dev.cornjacket.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
}
