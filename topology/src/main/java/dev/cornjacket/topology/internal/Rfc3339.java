package dev.cornjacket.topology.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

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

  private static final Pattern SHAPE =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?"
              + "([Zz]|[+-][0-9]{2}:[0-9]{2})");

  private Rfc3339() {}

  /** Whether {@code text} has the shape of an RFC 3339 timestamp (its values are not checked). */
  public static boolean hasShape(String text) {
    return SHAPE.matcher(text).matches();
  }

  /**
   * The instant of an RFC 3339 timestamp.
   *
   * @throws DateTimeParseException when the shape is wrong or a value is out of range (February 30,
   *     hour 24, offset +25:00)
   */
  public static Instant parse(String text) {
    if (!hasShape(text)) {
      throw new DateTimeParseException("Text is not an RFC 3339 timestamp", text, 0);
    }
    // The shape allows only digits and these letters, so upper-casing changes nothing else.
    return OffsetDateTime.parse(
            text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        .toInstant();
  }
}
