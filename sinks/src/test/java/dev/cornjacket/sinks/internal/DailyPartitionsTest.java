package dev.cornjacket.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DailyPartitionsTest {

  @Test
  void shouldNameAPartitionAfterItsTableAndUtcDay() {
    assertThat(DailyPartitions.name("rollups_1m", LocalDate.of(2026, 1, 5)))
        .isEqualTo("rollups_1m_p20260105");
    assertThat(DailyPartitions.createSql("events", LocalDate.of(2026, 12, 31)))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS events_p20261231 PARTITION OF events FOR VALUES FROM"
                + " ('2026-12-31T00:00Z') TO ('2027-01-01T00:00Z')");
  }

  @Test
  void shouldReadTheDayBackOnlyFromItsOwnNames() {
    assertThat(DailyPartitions.dayOf("events", "events_p20261122"))
        .contains(LocalDate.of(2026, 11, 22));
    assertThat(DailyPartitions.dayOf("events", "events_archive")).isEmpty();
    assertThat(DailyPartitions.dayOf("events", "events_p2026112")).isEmpty();
    assertThat(DailyPartitions.dayOf("events", "events_p20261340")).isEmpty();
    assertThat(DailyPartitions.dayOf("events", "anomalies_p20261122")).isEmpty();
  }
}
