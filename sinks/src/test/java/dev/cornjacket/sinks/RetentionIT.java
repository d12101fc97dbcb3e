package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.execute;
import static dev.cornjacket.sinks.SinkTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention drops exactly the partitions whose every row is older than the retention. */
@ExtendWith(SharedPostgres.class)
@Timeout(120)
class RetentionIT {

  @Test
  void shouldDropExactlyTheExpiredPartitionsAndCreateTheMissingOnes(PostgresFixture postgres)
      throws Exception {
    String url = SinkTesting.createDatabase(postgres);
    PostgresSettings threeDays =
        new PostgresSettings(
            Optional.of(url), "postgres", Optional.empty(), 2, 5000, Duration.ofDays(3), 2);
    Clock then = Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC);
    try (PostgresStore store = PostgresStore.open(threeDays, then)) {
      // created on 2026-11-10: 11-07 (the horizon 11-07T12:00 lies in it) to 11-12 (2 ahead)
      assertThat(partitions(url, "events"))
          .containsExactly(
              "events_p20261107",
              "events_p20261108",
              "events_p20261109",
              "events_p20261110",
              "events_p20261111",
              "events_p20261112");
      for (int day = 7; day <= 12; day++) {
        execute(url, insertEvent("e-" + day, "2026-11-%02dT12:00:00Z".formatted(day)));
        execute(url, insertRollup("2026-11-%02dT23:59:00Z".formatted(day)));
      }
      // a partition made by hand is never touched by retention
      execute(
          url,
          "CREATE TABLE events_archive PARTITION OF events FOR VALUES FROM"
              + " ('2020-01-01T00:00:00Z') TO ('2020-01-02T00:00:00Z')");
      execute(url, insertEvent("archived", "2020-01-01T12:00:00Z"));

      // two days later, 06:00: every row of 11-07 and 11-08 is older than 3 days, 11-09 is not
      Clock later = Clock.fixed(Instant.parse("2026-11-12T06:00:00Z"), ZoneOffset.UTC);
      PartitionMaintenance.Report report =
          new PartitionMaintenance(store.dataSource(), Duration.ofDays(3), 2, later).run();

      assertThat(report.dropped())
          .containsExactlyInAnyOrder(
              "events_p20261107",
              "events_p20261108",
              "anomalies_p20261107",
              "anomalies_p20261108",
              "rollups_1m_p20261107",
              "rollups_1m_p20261108");
      assertThat(report.created())
          .containsExactlyInAnyOrder(
              "events_p20261113",
              "events_p20261114",
              "anomalies_p20261113",
              "anomalies_p20261114",
              "rollups_1m_p20261113",
              "rollups_1m_p20261114");
    }
    assertThat(strings(url, "SELECT event_id FROM events ORDER BY ts"))
        .containsExactly("archived", "e-9", "e-10", "e-11", "e-12");
    assertThat(strings(url, "SELECT to_char(window_start, 'DD') FROM rollups_1m ORDER BY 1"))
        .containsExactly("09", "10", "11", "12");
    assertThat(partitions(url, "events"))
        .containsExactly(
            "events_archive",
            "events_p20261109",
            "events_p20261110",
            "events_p20261111",
            "events_p20261112",
            "events_p20261113",
            "events_p20261114");
  }

  @Test
  void shouldDropTheDayWhoseEndIsExactlyTheHorizon(PostgresFixture postgres) throws Exception {
    String url = SinkTesting.createDatabase(postgres);
    PostgresSettings oneDay =
        new PostgresSettings(
            Optional.of(url), "postgres", Optional.empty(), 2, 5000, Duration.ofDays(1), 2);
    try (PostgresStore store =
        PostgresStore.open(
            oneDay, Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC))) {
      Clock midnight = Clock.fixed(Instant.parse("2026-11-11T00:00:00Z"), ZoneOffset.UTC);
      PartitionMaintenance.Report report =
          new PartitionMaintenance(store.dataSource(), Duration.ofDays(1), 2, midnight).run();

      // horizon 11-10T00:00: the partition of 11-09 ends there, the one of 11-10 begins there
      assertThat(report.dropped())
          .containsExactlyInAnyOrder(
              "events_p20261109", "anomalies_p20261109", "rollups_1m_p20261109");
      assertThat(partitions(url, "events").getFirst()).isEqualTo("events_p20261110");
    }
  }

  private static List<String> partitions(String url, String table) {
    return strings(
        url,
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = '"
            + table
            + "' ORDER BY 1");
  }

  private static String insertEvent(String id, String ts) {
    return "INSERT INTO events (event_id, device_id, type, ts, metrics, attrs) VALUES ('"
        + id
        + "', 'dev', 'system', '"
        + ts
        + "', '{}', '{}')";
  }

  private static String insertRollup(String windowStart) {
    return Stream.of(
            "INSERT INTO rollups_1m (device_id, metric, window_start, window_end, count, sum)",
            " VALUES ('dev', 'm', '" + windowStart + "', '" + windowStart + "'::timestamptz",
            " + interval '1 minute', 1, 1)")
        .reduce("", String::concat);
  }
}
