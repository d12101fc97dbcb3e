package dev.cornjacket.topology.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 {@code date-time} timestamps: {@code 2026-11-22T10:00:00Z}, {@code
 * 2026-11-22T10:00:00.123+01:00}.
 *
 * <p>Stricter than {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also takes timestamps
 * without seconds, offsets without a colon and years beyond four digits. Follows RFC 3339 in
 * accepting lower-case {@code t} and {@code z} and any offset including {@code -00:00}; departs
 * from it in refusing leap seconds ({@code :60}) and fractions finer than nanoseconds, which {@link
 * Instant} cannot hold.
 */
public final class Rfc3339 {

  // Positions in "yyyy-mm-ddThh:mm:ss": what the shape check and the parser read.
  private static final int SECONDS_END = 19;

  private Rfc3339() {}

  /** Whether {@code text} has the shape of an RFC 3339 timestamp (its values are not checked). */
  public static boolean hasShape(String text) {
    return offsetStart(text) > 0;
  }

  /**
   * The instant of an RFC 3339 timestamp. Hand-written rather than a {@link DateTimeFormatter}:
   * every event's {@code ts} goes through it, and a formatter is several times slower.
   *
   * @throws DateTimeParseException when the shape is wrong or a value is out of range (February 30,
   *     hour 24, offset +25:00)
   */
  public static Instant parse(String text) {
    int offsetStart = offsetStart(text);
    if (offsetStart < 0) {
      throw new DateTimeParseException("Text is not an RFC 3339 timestamp", text, 0);
    }
    try {
      int nanos = 0;
      if (offsetStart > SECONDS_END) {
        String fraction = text.substring(SECONDS_END + 1, offsetStart);
        nanos = Integer.parseInt(fraction) * POWERS_OF_TEN[9 - fraction.length()];
      }
      LocalDateTime local =
          LocalDateTime.of(
              number(text, 0, 4),
              number(text, 5, 7),
              number(text, 8, 10),
              number(text, 11, 13),
              number(text, 14, 16),
              number(text, 17, 19),
              nanos);
      return local.toInstant(offset(text, offsetStart));
    } catch (DateTimeException e) {
      throw new DateTimeParseException(e.getMessage(), text, 0, e);
    }
  }

  /**
   * {@code instant} in UTC, exactly as {@link DateTimeFormatter#ISO_INSTANT} writes it ({@code
   * 2026-11-22T10:00:00Z}, {@code 2026-11-22T10:00:00.120Z}: fractions in groups of three digits).
   * Hand-written for the same reason as {@link #parse}: projections and their stores write several
   * timestamps per event.
   */
  public static String format(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    StringBuilder out = new StringBuilder(30);
    pad(out, year, 4).append('-');
    pad(out, utc.getMonthValue(), 2).append('-');
    pad(out, utc.getDayOfMonth(), 2).append('T');
    pad(out, utc.getHour(), 2).append(':');
    pad(out, utc.getMinute(), 2).append(':');
    pad(out, utc.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      out.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(out, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        pad(out, nanos / 1_000, 6);
      } else {
        pad(out, nanos, 9);
      }
    }
    return out.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int power = POWERS_OF_TEN[width - 1]; power > 1 && value < power; power /= 10) {
      out.append('0');
    }
    return out.append(value);
  }

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /**
   * Where the offset starts when {@code text} has the shape {@code
   * yyyy-mm-ddThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)} (either case of {@code T} and {@code Z}), else
   * -1.
   */
  private static int offsetStart(String text) {
    int length = text.length();
    if (length < SECONDS_END + 1
        || !digits(text, 0, 4)
        || text.charAt(4) != '-'
        || !digits(text, 5, 7)
        || text.charAt(7) != '-'
        || !digits(text, 8, 10)
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || !digits(text, 11, 13)
        || text.charAt(13) != ':'
        || !digits(text, 14, 16)
        || text.charAt(16) != ':'
        || !digits(text, 17, 19)) {
      return -1;
    }
    int i = SECONDS_END;
    if (text.charAt(i) == '.') {
      int fractionStart = ++i;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
      }
      int digits = i - fractionStart;
      if (digits < 1 || digits > 9) {
        return -1;
      }
    }
    if (i == length - 1 && (text.charAt(i) == 'Z' || text.charAt(i) == 'z')) {
      return i;
    }
    boolean numericOffset =
        i == length - 6
            && (text.charAt(i) == '+' || text.charAt(i) == '-')
            && digits(text, i + 1, i + 3)
            && text.charAt(i + 3) == ':'
            && digits(text, i + 4, i + 6);
    return numericOffset ? i : -1;
  }

  private static ZoneOffset offset(String text, int start) {
    char sign = text.charAt(start);
    if (sign == 'Z' || sign == 'z') {
      return ZoneOffset.UTC;
    }
    int hours = number(text, start + 1, start + 3);
    int minutes = number(text, start + 4, start + 6);
    return sign == '+'
        ? ZoneOffset.ofHoursMinutes(hours, minutes)
        : ZoneOffset.ofHoursMinutes(-hours, -minutes);
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
