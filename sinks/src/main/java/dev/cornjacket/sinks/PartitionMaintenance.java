package dev.cornjacket.sinks;

import dev.cornjacket.sinks.internal.DailyPartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daily partitions of {@code events}, {@code anomalies} (by {@code ts}) and {@code
 * rollups_1m} (by {@code window_start}) in step with the clock: creates every day from the
 * retention horizon to {@code partitionsAhead} days after today, and drops whole partitions whose
 * every row is older than the retention. Days are UTC days.
 *
 * <p>There is no default partition: a row outside every partition (older than the retention, or
 * further ahead than the partitions) is rejected by PostgreSQL and dead-lettered by the sink. A
 * default partition would keep such rows forever and block creating the partition they belong to.
 *
 * <p>Each run is one transaction under an advisory lock, so instances running it at the same time
 * take turns.
 */
public final class PartitionMaintenance {

  /** The day-partitioned tables. */
  public static final List<String> TABLES = List.of("events", "anomalies", "rollups_1m");

  private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);
  private static final long ADVISORY_LOCK = 0x636a5f7061727473L; // "cj_parts"

  private final DataSource dataSource;
  private final Duration retention;
  private final int partitionsAhead;
  private final Clock clock;

  /** What one run did. */
  public record Report(List<String> created, List<String> dropped) {}

  /**
   * @param retention rows older than this go, a whole day at a time; at least one day
   * @param partitionsAhead days after today that get a partition; at least 1 (events may be 24 h
   *     ahead)
   */
  public PartitionMaintenance(
      DataSource dataSource, Duration retention, int partitionsAhead, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("retention must be at least 1 day, got " + retention);
    }
    if (partitionsAhead < 1) {
      throw new IllegalArgumentException(
          "partitionsAhead must be at least 1, got " + partitionsAhead);
    }
    this.partitionsAhead = partitionsAhead;
  }

  /** Creates the missing partitions and drops the expired ones, and logs what it did. */
  public Report run() throws SQLException {
    Instant now = clock.instant();
    Instant horizon = now.minus(retention);
    LocalDate firstDay = LocalDate.ofInstant(horizon, ZoneOffset.UTC);
    LocalDate lastDay = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(partitionsAhead);
    List<String> created = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL lock_timeout = '5s'");
        statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
        for (String table : TABLES) {
          Set<String> existing = partitionsOf(connection, table);
          for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            if (!existing.contains(DailyPartitions.name(table, day))) {
              statement.execute(DailyPartitions.createSql(table, day));
              created.add(DailyPartitions.name(table, day));
            }
          }
          for (String partition : existing) {
            Optional<LocalDate> day = DailyPartitions.dayOf(table, partition);
            if (day.isPresent() && isExpired(day.get(), horizon)) {
              statement.execute("DROP TABLE " + partition);
              dropped.add(partition);
            }
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    }
    if (!created.isEmpty()) {
      log.info("Created partitions {}", created);
    }
    if (!dropped.isEmpty()) {
      log.info(
          "Retention {}: dropped partitions {} (every row older than {})",
          describe(retention),
          dropped,
          horizon);
    }
    return new Report(created, dropped);
  }

  /** {@code 7d} rather than {@code PT168H}. */
  static String describe(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + "d" : duration.toString();
  }

  /** Whether every row a partition of {@code day} can hold is older than {@code horizon}. */
  static boolean isExpired(LocalDate day, Instant horizon) {
    Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return !end.isAfter(horizon);
  }

  /** The partitions of {@code table} in the current schema, sorted by name. */
  public static Set<String> partitionsOf(Connection connection, String table) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent"
                + " JOIN pg_namespace n ON n.oid = p.relnamespace"
                + " WHERE p.relname = ? AND n.nspname = current_schema()")) {
      select.setString(1, table);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }
}
