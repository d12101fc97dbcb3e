package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.execute;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static dev.cornjacket.sinks.SinkTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schema on a real PostgreSQL: applied to an empty database, idempotent, never downgraded. */
@ExtendWith(SharedPostgres.class)
@Timeout(120)
class SchemaMigrationIT {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldCreateEveryTableAndTheDailyPartitionsInAnEmptyDatabase(PostgresFixture postgres) {
    String url = SinkTesting.createDatabase(postgres);

    try (PostgresStore store = PostgresStore.open(settings(url), CLOCK)) {
      assertThat(store.schemaVersion()).isEqualTo("2");
    }

    assertThat(
            strings(
                url,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE"
                    + " '%\\_p%' ORDER BY 1"))
        .containsExactly(
            "anomalies",
            "device_latest",
            "events",
            "flyway_schema_history",
            "rollups_1m",
            "sink_offsets",
            "webhook_deliveries");
    // retention 7 days back from 2026-11-22T10:00Z is 2026-11-15T10:00Z: days 15 to 25 (3 ahead)
    assertThat(
            strings(
                url,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'"
                    + " ORDER BY 1"))
        .containsExactly(
            "events_p20261115",
            "events_p20261116",
            "events_p20261117",
            "events_p20261118",
            "events_p20261119",
            "events_p20261120",
            "events_p20261121",
            "events_p20261122",
            "events_p20261123",
            "events_p20261124",
            "events_p20261125");
    assertThat(
            count(
                url,
                "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                    + " WHERE p.relname IN ('anomalies', 'rollups_1m')"))
        .isEqualTo(22);
  }

  @Test
  void shouldOpenAgainWithoutChangingAnything(PostgresFixture postgres) throws Exception {
    String url = SinkTesting.createDatabase(postgres);
    try (PostgresStore first = PostgresStore.open(settings(url), CLOCK)) {
      execute(
          url,
          "INSERT INTO sink_offsets (group_id, topic, partition, next_offset)"
              + " VALUES ('g', 't', 0, 42)");
    }

    try (PostgresStore second = PostgresStore.open(settings(url), CLOCK)) {
      assertThat(second.schemaVersion()).isEqualTo("2");
      assertThat(second.partitions().run())
          .isEqualTo(new PartitionMaintenance.Report(List.of(), List.of()));
    }

    assertThat(count(url, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(2);
    assertThat(count(url, "SELECT next_offset FROM sink_offsets")).isEqualTo(42);
  }

  @Test
  void shouldRefuseADatabaseMigratedByANewerVersion(PostgresFixture postgres) {
    String url = SinkTesting.createDatabase(postgres);
    try (PostgresStore store = PostgresStore.open(settings(url), CLOCK)) {
      // what a newer Cornjacket would leave behind
      execute(
          url,
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success) VALUES (3, '3', 'from the"
              + " future', 'SQL', 'V3__from_the_future.sql', 1, 'postgres', 1, true)");
    }

    assertThatThrownBy(() -> PostgresStore.open(settings(url), CLOCK))
        .isInstanceOf(SchemaTooNewException.class)
        .hasMessage(
            "The database schema is at version 3, newer than this version of Cornjacket knows"
                + " (2). A newer Cornjacket has migrated this database: run that version, or point"
                + " CORNJACKET_PG_URL at another database.");
  }

  @Test
  void shouldSayWhichDatabaseIsUnreachable() {
    assertThatThrownBy(
            () ->
                PostgresStore.open(
                    settings("jdbc:postgresql://localhost:1/nowhere?password=secret"), CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "PostgreSQL at jdbc:postgresql://localhost:1/nowhere is not reachable")
        .hasMessageNotContaining("secret");
  }

  @Test
  void shouldNameTheVariableWhenTheUrlIsMissing() {
    PostgresSettings noUrl =
        new PostgresSettings(
            Optional.empty(), "postgres", Optional.empty(), 4, 5000, Duration.ofDays(7), 3);
    assertThatThrownBy(() -> PostgresStore.open(noUrl, CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CORNJACKET_PG_URL is not set: the sinks role needs PostgreSQL");
  }
}
