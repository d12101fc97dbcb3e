package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.MetricRollup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When rollup windows go to {@code cj.proj.rollups_1m}: once when they end ({@code window_end}, the
 * default) or after every reading ({@code every_update}). {@code RollupProjectionRestartTest}
 * starts the projection on pending windows of an earlier instance (the test driver wipes its stores
 * when closed).
 */
class RollupEmissionTest {

  /** The start of the window the driver's wall clock is in. */
  private static final Instant MINUTE = TopologyFixture.WALL_CLOCK;

  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
  private static final Duration HOLD = Duration.ofSeconds(5);
  private static final Duration SPREAD = Duration.ofSeconds(10);

  @TempDir Path stateDir;

  private static TopologyFixture fixture(Path stateDir, RollupEmit emit) {
    UnaryOperator<TopologyConfig> adjust =
        config ->
            config.withProjections(
                ProjectionConfig.DEFAULTS
                    .withRollupGrace(Duration.ofSeconds(30))
                    .withRollupEmit(emit));
    return new TopologyFixture(stateDir, adjust);
  }

  private static void send(TopologyFixture topology, String device, String id, Instant ts) {
    topology.send(
        device,
        """
        {"event_id":"%s","device_id":"%s","type":"sensor","ts":"%s","metrics":{"temp":%d}}"""
            .formatted(id, device, ts, id.length()),
        ts);
  }

  @Test
  void shouldForwardAWindowOnceShortlyAfterItEnds() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.WINDOW_END)) {
      TestOutputTopic<String, DeviceRollup> rollups = topology.output(topology.topics.rollups1m());
      send(topology, "d-1", "a", MINUTE.plusSeconds(1));
      send(topology, "d-1", "bb", MINUTE.plusSeconds(30));
      send(topology, "d-2", "ccc", MINUTE.plusSeconds(59));
      assertThat(rollups.isEmpty()).as("nothing while the window is open").isTrue();

      // the wall clock at the window's end, and just before it settled
      topology.driver.advanceWallClockTime(Duration.ofSeconds(61));
      assertThat(rollups.isEmpty()).isTrue();

      // each device's window goes out at its own time within the spread
      topology.driver.advanceWallClockTime(Duration.ofSeconds(1).plus(SPREAD));
      List<TestRecord<String, DeviceRollup>> emitted = rollups.readRecordsToList();
      assertThat(emitted).extracting(TestRecord::key).containsExactlyInAnyOrder("d-1", "d-2");
      TestRecord<String, DeviceRollup> first =
          emitted.stream().filter(r -> r.key().equals("d-1")).findFirst().orElseThrow();
      assertThat(first.value().metrics().get("temp")).isEqualTo(new MetricRollup(2, 1.0, 2.0, 3.0));
      assertThat(first.timestamp()).isEqualTo(MINUTE.toEpochMilli());

      topology.driver.advanceWallClockTime(Duration.ofSeconds(10));
      assertThat(rollups.isEmpty()).as("forwarded once").isTrue();
      assertThat(pendingStore(topology).approximateNumEntries()).isZero();
    }
  }

  @Test
  void shouldSpreadTheWindowsOfManyDevicesOverTheSeconds() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.WINDOW_END)) {
      TestOutputTopic<String, DeviceRollup> rollups = topology.output(topology.topics.rollups1m());
      for (int d = 0; d < 50; d++) {
        send(topology, "sensor-" + d, "a", MINUTE.plusSeconds(30));
      }
      topology.driver.advanceWallClockTime(Duration.ofSeconds(60).plus(SETTLE));
      int first = rollups.readRecordsToList().size();
      topology.driver.advanceWallClockTime(SPREAD.dividedBy(2));
      int second = rollups.readRecordsToList().size();
      topology.driver.advanceWallClockTime(SPREAD.dividedBy(2));
      int third = rollups.readRecordsToList().size();

      assertThat(first + second + third).isEqualTo(50);
      assertThat(first).as("not all at once").isLessThan(10);
      assertThat(second).isBetween(10, 40);
      assertThat(third).isBetween(10, 40);
    }
  }

  @Test
  void shouldHoldLateReadingsOfAWindowThatWentOutBrieflyAndForwardThemOnce() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.WINDOW_END)) {
      TestOutputTopic<String, DeviceRollup> rollups = topology.output(topology.topics.rollups1m());
      send(topology, "d-1", "a", MINUTE.plusSeconds(50));
      topology.driver.advanceWallClockTime(Duration.ofSeconds(60).plus(SETTLE).plus(SPREAD));
      assertThat(rollups.readValuesToList()).hasSize(1);

      // late, but within the grace period (30 s after the end by stream time)
      send(topology, "d-1", "late", MINUTE.plusSeconds(10));
      send(topology, "d-1", "late2", MINUTE.plusSeconds(20));
      topology.driver.advanceWallClockTime(HOLD.minus(FLUSH_EVERY));
      assertThat(rollups.isEmpty()).as("held for more of them").isTrue();
      topology.driver.advanceWallClockTime(FLUSH_EVERY);

      assertThat(rollups.readValuesToList())
          .singleElement()
          .satisfies(window -> assertThat(window.metrics().get("temp").count()).isEqualTo(3));
    }
  }

  @Test
  void shouldForwardWindowsThatEndedLongAgoBrieflyAfterTheirFirstReadingOnceForAll() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.WINDOW_END)) {
      TestOutputTopic<String, DeviceRollup> rollups = topology.output(topology.topics.rollups1m());
      // a replay of hour-old readings, or a backlog
      send(topology, "d-1", "old", MINUTE.minusSeconds(3600));
      send(topology, "d-1", "old2", MINUTE.minusSeconds(3590));
      send(topology, "d-1", "old3", MINUTE.minusSeconds(3530));
      topology.driver.advanceWallClockTime(HOLD.minus(FLUSH_EVERY));
      assertThat(rollups.isEmpty()).isTrue();
      topology.driver.advanceWallClockTime(FLUSH_EVERY);

      assertThat(rollups.readRecordsToList())
          .extracting(r -> r.timestamp(), r -> r.value().metrics().get("temp").count())
          .containsExactlyInAnyOrder(
              tuple(MINUTE.minusSeconds(3600).toEpochMilli(), 2L),
              tuple(MINUTE.minusSeconds(3540).toEpochMilli(), 1L));
      assertThat(pendingStore(topology).approximateNumEntries()).isZero();
    }
  }

  @Test
  void shouldKeepThePendingWindowsInAChangelogSoThatACommittedReadingIsNeverLeftOut() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.WINDOW_END)) {
      TestOutputTopic<Bytes, byte[]> changelog =
          topology.driver.createOutputTopic(
              "topology-test-" + CornjacketTopology.ROLLUP_PENDING_STORE + "-changelog",
              Serdes.Bytes().deserializer(),
              Serdes.ByteArray().deserializer());
      send(topology, "d-1", "a", MINUTE.plusSeconds(1));
      send(topology, "d-1", "b", MINUTE.plusSeconds(2));

      List<KeyValue<Bytes, byte[]>> logged = changelog.readKeyValuesToList();
      assertThat(logged).as("one entry per window, not per reading").hasSize(1);
      assertThat(pendingStore(topology).get(logged.getFirst().key)).isNotNull();

      topology.driver.advanceWallClockTime(Duration.ofSeconds(60).plus(SETTLE).plus(SPREAD));
      assertThat(changelog.readKeyValuesToList())
          .as("deleted once forwarded")
          .singleElement()
          .satisfies(kv -> assertThat(kv.value).isNull());
    }
  }

  @Test
  void shouldForwardEveryUpdateWhenAskedTo() {
    try (TopologyFixture topology = fixture(stateDir, RollupEmit.EVERY_UPDATE)) {
      TestOutputTopic<String, DeviceRollup> rollups = topology.output(topology.topics.rollups1m());
      send(topology, "d-1", "a", MINUTE.plusSeconds(1));
      send(topology, "d-1", "bb", MINUTE.plusSeconds(2));

      assertThat(rollups.readValuesToList())
          .extracting(window -> window.metrics().get("temp").count())
          .containsExactly(1L, 2L);
      assertThat(
              topology
                  .driver
                  .getAllStateStores()
                  .containsKey(CornjacketTopology.ROLLUP_PENDING_STORE))
          .isFalse();
    }
  }

  private static KeyValueStore<Bytes, byte[]> pendingStore(TopologyFixture topology) {
    return topology.driver.getKeyValueStore(CornjacketTopology.ROLLUP_PENDING_STORE);
  }
}
