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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
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

  private TopologyFixture topology;
  private TestOutputTopic<String, DeviceRollup> rollups;

  private void start(RollupEmit emit) {
    topology =
        TopologyFixture.withRollupGraceOf30s(
            stateDir, emit, ProjectionConfig.DEFAULTS.latestInterval());
    rollups = topology.output(topology.topics.rollups1m());
  }

  @AfterEach
  void stop() {
    if (topology != null) {
      topology.close();
    }
  }

  private void send(String device, String id, Instant ts) {
    topology.send(
        device,
        """
        {"event_id":"%s","device_id":"%s","type":"sensor","ts":"%s","metrics":{"temp":%d}}"""
            .formatted(id, device, ts, id.length()),
        ts);
  }

  @Test
  void shouldForwardAWindowOnceShortlyAfterItEnds() {
    start(RollupEmit.WINDOW_END);
    send("d-1", "a", MINUTE.plusSeconds(1));
    send("d-1", "bb", MINUTE.plusSeconds(30));
    send("d-2", "ccc", MINUTE.plusSeconds(59));
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
    assertThat(pendingStore().approximateNumEntries()).isZero();
  }

  @Test
  void shouldSpreadTheWindowsOfManyDevicesOverTheSeconds() {
    start(RollupEmit.WINDOW_END);
    for (int d = 0; d < 50; d++) {
      send("sensor-" + d, "a", MINUTE.plusSeconds(30));
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

  @Test
  void shouldHoldLateReadingsOfAWindowThatWentOutBrieflyAndForwardThemOnce() {
    start(RollupEmit.WINDOW_END);
    send("d-1", "a", MINUTE.plusSeconds(50));
    topology.driver.advanceWallClockTime(Duration.ofSeconds(60).plus(SETTLE).plus(SPREAD));
    assertThat(rollups.readValuesToList()).hasSize(1);

    // late, but within the grace period (30 s after the end by stream time)
    send("d-1", "late", MINUTE.plusSeconds(10));
    send("d-1", "late2", MINUTE.plusSeconds(20));
    topology.driver.advanceWallClockTime(HOLD.minus(FLUSH_EVERY));
    assertThat(rollups.isEmpty()).as("held for more of them").isTrue();
    topology.driver.advanceWallClockTime(FLUSH_EVERY);

    assertThat(rollups.readValuesToList())
        .singleElement()
        .satisfies(window -> assertThat(window.metrics().get("temp").count()).isEqualTo(3));
  }

  @Test
  void shouldForwardWindowsThatEndedLongAgoBrieflyAfterTheirFirstReadingOnceForAll() {
    start(RollupEmit.WINDOW_END);
    // a replay of hour-old readings, or a backlog
    send("d-1", "old", MINUTE.minusSeconds(3600));
    send("d-1", "old2", MINUTE.minusSeconds(3590));
    send("d-1", "old3", MINUTE.minusSeconds(3530));
    topology.driver.advanceWallClockTime(HOLD.minus(FLUSH_EVERY));
    assertThat(rollups.isEmpty()).isTrue();
    topology.driver.advanceWallClockTime(FLUSH_EVERY);

    assertThat(rollups.readRecordsToList())
        .extracting(r -> r.timestamp(), r -> r.value().metrics().get("temp").count())
        .containsExactlyInAnyOrder(
            tuple(MINUTE.minusSeconds(3600).toEpochMilli(), 2L),
            tuple(MINUTE.minusSeconds(3540).toEpochMilli(), 1L));
    assertThat(pendingStore().approximateNumEntries()).isZero();
  }

  @Test
  void shouldKeepThePendingWindowsInAChangelogSoThatACommittedReadingIsNeverLeftOut() {
    start(RollupEmit.WINDOW_END);
    TestOutputTopic<Bytes, byte[]> changelog =
        topology.driver.createOutputTopic(
            "topology-test-" + CornjacketTopology.ROLLUP_PENDING_STORE + "-changelog",
            Serdes.Bytes().deserializer(),
            Serdes.ByteArray().deserializer());
    send("d-1", "a", MINUTE.plusSeconds(1));
    send("d-1", "b", MINUTE.plusSeconds(2));

    List<KeyValue<Bytes, byte[]>> logged = changelog.readKeyValuesToList();
    assertThat(logged).as("one entry per window, not per reading").hasSize(1);
    assertThat(pendingStore().get(logged.getFirst().key)).isNotNull();

    topology.driver.advanceWallClockTime(Duration.ofSeconds(60).plus(SETTLE).plus(SPREAD));
    assertThat(changelog.readKeyValuesToList())
        .as("deleted once forwarded")
        .singleElement()
        .satisfies(kv -> assertThat(kv.value).isNull());
  }

  @Test
  void shouldForwardEveryUpdateWhenAskedTo() {
    start(RollupEmit.EVERY_UPDATE);
    send("d-1", "a", MINUTE.plusSeconds(1));
    send("d-1", "bb", MINUTE.plusSeconds(2));

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

  private KeyValueStore<Bytes, byte[]> pendingStore() {
    return topology.driver.getKeyValueStore(CornjacketTopology.ROLLUP_PENDING_STORE);
  }
}
