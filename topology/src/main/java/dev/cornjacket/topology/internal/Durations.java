package dev.cornjacket.topology.internal;

import java.time.Duration;
import java.util.StringJoiner;

/** Durations for people: {@code 1d 2h 3m 4s 5ms} rather than {@code PT26H3M4.005S}. */
public final class Durations {

  private Durations() {}

  /**
   * The non-zero parts of {@code duration} from days down to milliseconds, {@code 0ms} for zero and
   * {@code <1ms} for less than a millisecond.
   */
  public static String describe(Duration duration) {
    Duration positive = duration.abs();
    if (positive.isZero()) {
      return "0ms";
    }
    if (positive.compareTo(Duration.ofMillis(1)) < 0) {
      return "<1ms";
    }
    StringJoiner parts = new StringJoiner(" ");
    appendPart(parts, positive.toDays(), "d");
    appendPart(parts, positive.toHoursPart(), "h");
    appendPart(parts, positive.toMinutesPart(), "m");
    appendPart(parts, positive.toSecondsPart(), "s");
    appendPart(parts, positive.toMillisPart(), "ms");
    return parts.toString();
  }

  private static void appendPart(StringJoiner parts, long amount, String unit) {
    if (amount != 0) {
      parts.add(amount + unit);
    }
  }
}
