package dev.cornjacket.sinks.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and bounds of daily partitions: {@code events_p20261122} holds {@code [2026-11-22T00:00Z,
 * 2026-11-23T00:00Z)}. Days are UTC days. Partitions with other names (made by hand) are never
 * touched.
 */
public final class DailyPartitions {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Pattern SUFFIX = Pattern.compile("_p(\\d{8})");

  private DailyPartitions() {}

  public static String name(String table, LocalDate day) {
    return table + "_p" + DAY.format(day);
  }

  /** The day of a partition of {@code table} named by {@link #name}, else empty. */
  public static Optional<LocalDate> dayOf(String table, String partitionName) {
    if (!partitionName.startsWith(table)) {
      return Optional.empty();
    }
    Matcher m = SUFFIX.matcher(partitionName.substring(table.length()));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(m.group(1), DAY));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of the partition of {@code day}. */
  public static String createSql(String table, LocalDate day) {
    return "CREATE TABLE IF NOT EXISTS "
        + name(table, day)
        + " PARTITION OF "
        + table
        + " FOR VALUES FROM ('"
        + day.atStartOfDay().atOffset(ZoneOffset.UTC)
        + "') TO ('"
        + day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)
        + "')";
  }
}
