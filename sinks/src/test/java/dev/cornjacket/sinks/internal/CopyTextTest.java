package dev.cornjacket.sinks.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void shouldSeparateFieldsWithTabsAndEndRowsWithNewlines() {
    CopyText out = new CopyText(8);
    out.text("a").number(1.5).number(42L).timestamp(Instant.parse("2026-11-22T10:00:00Z")).endRow();
    out.text("b").text(null).number((Double) null).timestamp(null).endRow();

    assertThat(text(out)).isEqualTo("a\t1.5\t42\t2026-11-22T10:00:00Z\nb\t\\N\t\\N\t\\N\n");
  }

  @Test
  void shouldEscapeBackslashTabNewlineAndCarriageReturn() {
    CopyText out = new CopyText(8);
    out.text("x\\y\tz\nw\rv").endRow();

    assertThat(text(out)).isEqualTo("x\\\\y\\tz\\nw\\rv\n");
  }

  @Test
  void shouldWriteNonAsciiAsUtf8AndStillEscapeAfterIt() {
    CopyText out = new CopyText(8);
    out.text("ünï\tcode 🙂\\").endRow();

    assertThat(text(out)).isEqualTo("ünï\\tcode 🙂\\\\\n");
  }

  @Test
  void shouldWriteSpecialDoublesTheWayPostgresReadsThem() {
    CopyText out = new CopyText(8);
    out.number(Double.POSITIVE_INFINITY).number(Double.NEGATIVE_INFINITY).number(Double.NaN);

    assertThat(text(out)).isEqualTo("Infinity\t-Infinity\tNaN");
  }

  @Test
  void shouldGrowBeyondItsInitialCapacityAndStartOverWhenCleared() {
    CopyText out = new CopyText(1);
    String long1 = "\\".repeat(10_000);
    out.text(long1).endRow();
    assertThat(out.length()).isEqualTo(20_001);

    out.clear();
    out.text("again").endRow();
    assertThat(text(out)).isEqualTo("again\n");
  }

  private static String text(CopyText out) {
    return new String(out.bytes(), 0, out.length(), UTF_8);
  }
}
